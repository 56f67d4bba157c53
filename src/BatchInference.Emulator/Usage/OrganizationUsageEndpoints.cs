using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Usage;

/// <summary>
/// OpenAI's <c>GET /v1/organization/usage/completions</c>, <c>…/usage/embeddings</c> and <c>GET /v1/organization/costs</c>, computed from the
/// request log (billable calls only) plus <see cref="EmulatorOptions.UsageDiscrepancies"/>. Day buckets in UTC,
/// paginated with <c>has_more</c>/<c>next_page</c>. When <see cref="EmulatorOptions.AdminApiKey"/> is set the caller
/// must present it as a bearer token.
/// </summary>
internal sealed class OrganizationUsageEndpoints(EmulatorState state, UsageFaults faults)
{
    private static readonly HashSet<string> CompletionGroups = new(StringComparer.Ordinal)
    {
        "model", "batch", "service_tier", "project_id", "user_id", "api_key_id",
    };

    private static readonly HashSet<string> EmbeddingGroups = new(StringComparer.Ordinal) { "model", "project_id", "user_id", "api_key_id" };
    private static readonly HashSet<string> CostGroups = new(StringComparer.Ordinal) { "line_item", "project_id" };
    private static readonly string[] CompletionPaths = [EmulatorRoutes.ChatCompletions, EmulatorRoutes.Completions];
    private static readonly string[] EmbeddingPaths = [EmulatorRoutes.Embeddings];
    private static readonly string[] BilledPaths = [EmulatorRoutes.ChatCompletions, EmulatorRoutes.Completions, EmulatorRoutes.Embeddings];

    public Task GetCompletionsUsageAsync(HttpContext context) =>
        AnswerAsync(context, 31, CompletionGroups, CompletionPaths, UsagePageWriter.WriteCompletionsResults);

    public Task GetEmbeddingsUsageAsync(HttpContext context) =>
        AnswerAsync(context, 31, EmbeddingGroups, EmbeddingPaths, UsagePageWriter.WriteEmbeddingsResults, withDiscrepancies: false);

    public Task GetCostsAsync(HttpContext context) =>
        AnswerAsync(context, 180, CostGroups, BilledPaths, UsagePageWriter.WriteCostResults);

    private async Task AnswerAsync(
        HttpContext context,
        int maxLimit,
        IReadOnlySet<string> groups,
        IReadOnlyCollection<string> paths,
        Action<Utf8JsonWriter, IReadOnlyList<UsageTotals>, UsageQuery, EmulatorOptions> writeResults,
        bool withDiscrepancies = true)
    {
        var cancellationToken = context.RequestAborted;
        var options = state.Options.Current;
        if (options.AdminApiKey is { } key && !PresentsBearer(context.Request, key))
        {
            await OpenAIErrors.WriteAsync(
                context.Response, StatusCodes.Status401Unauthorized, "Invalid admin key.", OpenAIErrors.InvalidRequestType,
                param: null, code: "invalid_api_key", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (faults.TryTake(out var fault))
        {
            if (fault.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await OpenAIErrors.WriteAsync(
                context.Response, fault.StatusCode, "Injected usage API failure.", "server_error", param: null, code: null, cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        UsageQuery query;
        try
        {
            query = UsageQuery.Parse(context.Request.Query, maxLimit, groups);
            var page = UsageBucketPage.Of(query, state.Time.GetUtcNow());
            // Injected discrepancies show in the completions usage and the costs, not in the embeddings usage (once).
            var usage = DailyUsage.ByDayAndModel(state.RequestLog.Snapshot(), paths, withDiscrepancies ? options.UsageDiscrepancies : []);
            await JsonResponses.WriteAsync(
                context.Response,
                StatusCodes.Status200OK,
                writer => UsagePageWriter.Write(writer, page, usage, (w, totals) => writeResults(w, totals, query, options)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OpenAIRequestException exception)
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context.Response, exception, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool PresentsBearer(HttpRequest request, string key)
    {
        const string Prefix = "Bearer ";
        var authorization = request.Headers.Authorization.ToString();
        var presented = authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? authorization[Prefix.Length..].Trim() : string.Empty;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key));
    }
}
