using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Flex;

/// <summary>
/// The answer to a flex call that found no capacity. OpenAI's flex processing guide
/// (https://platform.openai.com/docs/guides/flex-processing, "Resource unavailable errors") documents only the status
/// and its name: "429 Resource Unavailable", not billed, retry with backoff or fall back to the default tier. The
/// body's <c>type</c> and <c>code</c> below are the emulator's choice (<c>resource_unavailable</c>), distinct from
/// the <c>rate_limit_exceeded</c> of a rate limit so clients can tell the two apart.
/// </summary>
internal static class FlexErrors
{
    public const string Code = "resource_unavailable";

    public const string Message =
        "Resource Unavailable: flex processing has no capacity for this request right now. " +
        "Retry later with backoff, or send it with service_tier 'default'. You are not charged for this request.";

    public static Task WriteUnavailableAsync(HttpResponse response, CancellationToken cancellationToken = default) =>
        OpenAIErrors.WriteAsync(response, StatusCodes.Status429TooManyRequests, Message, Code, param: null, Code, cancellationToken);
}
