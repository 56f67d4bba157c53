using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.OpenAI;

/// <summary>OpenAI's answer to a URL it does not serve.</summary>
internal static class UnknownRouteEndpoint
{
    public static Task HandleAsync(HttpContext context) =>
        OpenAIErrors.WriteAsync(
            context.Response,
            StatusCodes.Status404NotFound,
            $"Invalid URL ({context.Request.Method} {context.Request.Path})",
            OpenAIErrors.InvalidRequestType,
            param: null,
            code: null,
            context.RequestAborted);
}
