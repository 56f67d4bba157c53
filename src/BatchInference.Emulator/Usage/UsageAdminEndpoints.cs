using System.Text.Json;
using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Usage;

/// <summary>
/// <c>/_emulator/usage/discrepancies</c> (GET lists, POST adds one <see cref="UsageDiscrepancy"/>, DELETE clears) and
/// <c>POST /_emulator/usage/faults</c> (<c>{"statusCode":429,"count":2,"retryAfter":"00:00:01"}</c> fails the next
/// organization-API calls). Unauthenticated, like the rest of <c>/_emulator</c>.
/// </summary>
internal sealed class UsageAdminEndpoints(EmulatorState state, UsageFaults faults)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task GetDiscrepanciesAsync(HttpContext context) => WriteDiscrepanciesAsync(context);

    public async Task PostDiscrepancyAsync(HttpContext context)
    {
        var body = await RequestBodyReader.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        try
        {
            var discrepancy = JsonSerializer.Deserialize<UsageDiscrepancy>(body, Json)
                ?? throw new ArgumentException("The body must be a discrepancy object.", nameof(context));
            state.Options.Update(o => o.UsageDiscrepancies = [.. o.UsageDiscrepancies, discrepancy]);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            await OpenAIErrors.WriteAsync(
                context.Response, StatusCodes.Status400BadRequest, exception.Message, OpenAIErrors.InvalidRequestType,
                param: null, code: "invalid_value", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await WriteDiscrepanciesAsync(context).ConfigureAwait(false);
    }

    public Task DeleteDiscrepanciesAsync(HttpContext context)
    {
        state.Options.Update(o => o.UsageDiscrepancies = []);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    public async Task PostFaultsAsync(HttpContext context)
    {
        var body = await RequestBodyReader.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        UsageFaultRequest? request = null;
        try
        {
            request = JsonSerializer.Deserialize<UsageFaultRequest>(body, Json);
        }
        catch (JsonException)
        {
            // Answered below as an invalid request.
        }

        if (request is null || request.StatusCode is < 400 or > 599 || request.Count is < 0 or > 1000 || request.RetryAfter < TimeSpan.Zero)
        {
            await OpenAIErrors.WriteAsync(
                context.Response, StatusCodes.Status400BadRequest,
                "Expected {\"statusCode\": 400-599, \"count\": 0-1000, \"retryAfter\": \"hh:mm:ss\" or null}.",
                OpenAIErrors.InvalidRequestType, param: null, code: "invalid_value", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        faults.Clear();
        faults.Enqueue(new UsageFault(request.StatusCode, request.RetryAfter), request.Count);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task WriteDiscrepanciesAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, state.Options.Current.UsageDiscrepancies, Json, context.RequestAborted)
            .ConfigureAwait(false);
    }

    private sealed record UsageFaultRequest(int StatusCode, int Count = 1, TimeSpan? RetryAfter = null);
}
