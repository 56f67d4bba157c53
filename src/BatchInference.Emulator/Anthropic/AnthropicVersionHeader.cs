using BatchInference.Emulator.Hosting;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Anthropic;

/// <summary>
/// Anthropic requires an <c>anthropic-version</c> header on every API request
/// (https://docs.claude.com/en/api/versioning); the official SDKs send <c>2023-06-01</c>. Any value is accepted here.
/// </summary>
internal static class AnthropicVersionHeader
{
    public const string Name = "anthropic-version";

    /// <summary>True when the header is present; otherwise writes Anthropic's 400 and returns false.</summary>
    public static async Task<bool> RequireAsync(HttpContext context)
    {
        if (context.Request.Headers[Name].ToString().Length > 0)
        {
            return true;
        }

        var requestId = context.Features.Get<ModelCall>()?.RequestId;
        await AnthropicErrors.WriteInvalidRequestAsync(context.Response, "anthropic-version: header is required", requestId, context.RequestAborted)
            .ConfigureAwait(false);
        return false;
    }
}
