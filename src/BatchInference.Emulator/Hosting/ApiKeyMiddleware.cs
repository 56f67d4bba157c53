using System.Security.Cryptography;
using System.Text;
using BatchInference.Emulator.Anthropic;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.Hosting;

/// <summary>
/// When <see cref="EmulatorOptions.RequiredApiKey"/> is set, provider-API requests must carry it as
/// <c>Authorization: Bearer &lt;key&gt;</c> (OpenAI), <c>api-key: &lt;key&gt;</c> (Azure OpenAI) or
/// <c>x-api-key: &lt;key&gt;</c> (Anthropic); otherwise 401 in the provider's error shape.
/// </summary>
internal sealed class ApiKeyMiddleware(EmulatorState state, ILogger logger)
{
    private const string BearerPrefix = "Bearer ";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var required = state.Options.Current.RequiredApiKey;
        if (required is null || !EmulatorRoutes.IsProviderApi(context.Request.Path) || Presents(context.Request, required))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var call = context.Features.Get<ModelCall>();
        Log.Unauthorized(logger, call?.RequestId ?? string.Empty);
        if (EmulatorRoutes.IsAnthropicApi(context.Request.Path))
        {
            await AnthropicErrors.WriteAsync(
                context.Response, StatusCodes.Status401Unauthorized, AnthropicErrors.AuthenticationError, "invalid x-api-key",
                call?.RequestId, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await OpenAIErrors.WriteAsync(
            context.Response,
            StatusCodes.Status401Unauthorized,
            "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid_request_error",
            param: null,
            code: "invalid_api_key",
            context.RequestAborted).ConfigureAwait(false);
    }

    private static bool Presents(HttpRequest request, string required)
    {
        var authorization = request.Headers.Authorization.ToString();
        var presented = authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[BearerPrefix.Length..].Trim()
            : request.Headers["api-key"] is { Count: > 0 } azureKey ? azureKey.ToString() : request.Headers["x-api-key"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(required));
    }
}
