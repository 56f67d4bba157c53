using System.Text.Json;
using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.Admin;

/// <summary>
/// Control of a running emulator over HTTP, for out-of-process use: read the request log and stats, change options,
/// reset state. Unauthenticated: the emulator is a loopback dev tool.
/// </summary>
internal sealed class AdminEndpoints(EmulatorState state, ILogger logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task GetRequestsAsync(HttpContext context) =>
        WriteAsync(context, state.RequestLog.Snapshot());

    public Task GetStatsAsync(HttpContext context) =>
        WriteAsync(context, EmulatorStats.From(state.RequestLog.Snapshot()));

    public Task GetConfigAsync(HttpContext context) =>
        WriteAsync(context, Describe(state.Options.Current));

    public async Task PostConfigAsync(HttpContext context)
    {
        var body = await RequestBodyReader.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        try
        {
            var change = EmulatorOptionsPatch.Parse(body);
            state.Options.Update(change);
        }
        catch (OpenAIRequestException exception)
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context.Response, exception, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        catch (ArgumentException exception)
        {
            await OpenAIErrors.WriteAsync(
                context.Response, StatusCodes.Status400BadRequest, exception.Message, OpenAIErrors.InvalidRequestType,
                exception.ParamName, "invalid_value", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        Log.Reconfigured(logger);
        await GetConfigAsync(context).ConfigureAwait(false);
    }

    public Task PostResetAsync(HttpContext context)
    {
        state.Reset();
        Log.StateReset(logger);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    public static Task GetHealthAsync(HttpContext context) =>
        JsonResponses.WriteAsync(
            context.Response,
            StatusCodes.Status200OK,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("status", "healthy");
                writer.WriteEndObject();
            },
            context.RequestAborted);

    // The key itself is never echoed, only whether one is required.
    private static object Describe(EmulatorOptions options) => new
    {
        options.Host,
        options.Port,
        options.Latency,
        options.LatencyJitter,
        options.RequestsPerMinute,
        options.TokensPerMinute,
        options.RateLimitWindow,
        options.ServerErrorRate,
        options.Seed,
        RequiresApiKey = options.RequiredApiKey is not null,
        options.BatchTimeScale,
        options.BatchValidationTime,
        options.BatchLinesPerSecond,
        options.BatchFinalizationTime,
        options.BatchCancelTime,
        options.BatchStall,
        options.BatchExpireAfterFraction,
        options.BatchMaxLines,
        options.BatchMaxFileBytes,
        options.AnthropicBatchMaxRequests,
        options.AnthropicBatchMaxBytes,
        options.FlexUnavailableRate,
    };

    private static async Task WriteAsync<T>(HttpContext context, T value)
    {
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, Json, context.RequestAborted).ConfigureAwait(false);
    }
}
