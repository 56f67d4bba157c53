using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BatchInference.Emulator.Anthropic;
using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Usage.Anthropic;

/// <summary>
/// Anthropic's Admin API <c>GET /v1/organizations/usage_report/messages</c> and <c>GET /v1/organizations/cost_report</c>,
/// computed from billable <c>/v1/messages</c> calls in the request log plus injected Claude
/// <see cref="UsageDiscrepancy"/> entries. When <see cref="EmulatorOptions.AdminApiKey"/> is set the caller must send
/// it in <c>x-api-key</c>; errors use Anthropic's <c>{"type":"error","error":{type,message}}</c> shape. Queued
/// <see cref="UsageFaults"/> fail these calls too.
/// </summary>
internal sealed class AnthropicUsageEndpoints(EmulatorState state, UsageFaults faults)
{
    private static readonly HashSet<string> UsageGroups = new(StringComparer.Ordinal)
    {
        "api_key_id", "workspace_id", "model", "service_tier", "context_window", "inference_geo", "account_id", "service_account_id",
    };

    private static readonly HashSet<string> CostGroups = new(StringComparer.Ordinal) { "workspace_id", "description" };

    public Task GetMessagesUsageAsync(HttpContext context) =>
        AnswerAsync(context, UsageGroups, (writer, day, query, _) => AnthropicReportWriter.WriteUsageResults(writer, day, query.GroupBy));

    public Task GetCostReportAsync(HttpContext context) =>
        AnswerAsync(context, CostGroups, (writer, day, query, options) => AnthropicReportWriter.WriteCostResults(writer, day, query.GroupBy, options.Prices));

    private async Task AnswerAsync(
        HttpContext context,
        IReadOnlySet<string> groups,
        Action<Utf8JsonWriter, IReadOnlyList<UsageTotals>, AnthropicUsageQuery, EmulatorOptions> writeResults)
    {
        var cancellationToken = context.RequestAborted;
        var options = state.Options.Current;
        if (options.AdminApiKey is { } key && !PresentsKey(context.Request, key))
        {
            await AnthropicErrors.WriteWithoutRequestIdAsync(
                context.Response, StatusCodes.Status401Unauthorized, AnthropicErrors.AuthenticationError, "invalid x-api-key", cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        if (faults.TryTake(out var fault))
        {
            if (fault.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            var type = fault.StatusCode == StatusCodes.Status429TooManyRequests ? AnthropicErrors.RateLimitError : AnthropicErrors.ApiError;
            await AnthropicErrors.WriteWithoutRequestIdAsync(context.Response, fault.StatusCode, type, "Injected usage API failure.", cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        var query = AnthropicUsageQuery.Parse(context.Request.Query, groups, out var error);
        var first = query?.FirstBucketStart();
        if (query is null || first is null)
        {
            await AnthropicErrors.WriteWithoutRequestIdAsync(
                context.Response, StatusCodes.Status400BadRequest, AnthropicErrors.InvalidRequestError, error ?? "The page cursor is not one this server returned.",
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var page = AnthropicBucketPage.Of(query, first.Value, state.Time.GetUtcNow());
        var usage = AnthropicDailyUsage.ByDayAndModel(state.RequestLog.Snapshot(), options.UsageDiscrepancies);
        await JsonResponses.WriteAsync(
            context.Response,
            StatusCodes.Status200OK,
            writer => AnthropicReportWriter.Write(writer, page, usage, (w, day) => writeResults(w, day, query, options)),
            cancellationToken).ConfigureAwait(false);
    }

    private static bool PresentsKey(HttpRequest request, string key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["x-api-key"].ToString()), Encoding.UTF8.GetBytes(key));
}
