using System.Globalization;
using System.Text;
using BatchInference.Providers.Batches;

namespace BatchInference.Providers.Tests.Batches;

/// <summary>Batch-provider options and inputs for fast tests: short retry delays, few attempts.</summary>
internal static class BatchTestEndpoints
{
    public static ProviderEndpointOptions Options(ProviderKind kind, Uri baseUrl, string? apiKey = null) => new()
    {
        Kind = kind,
        BaseUrl = baseUrl,
        ApiKey = apiKey,
        MaxAttempts = 3,
        BaseRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        BatchRequestTimeout = TimeSpan.FromSeconds(20),
    };

    public static IBatchProvider Provider(ProviderKind kind, Uri baseUrl, string? apiKey = null, TimeProvider? timeProvider = null) =>
        BatchProviders.Create(Options(kind, baseUrl, apiKey), timeProvider ?? TimeProvider.System);

    public static BatchInputLine ChatLine(string customId, string model = "gpt-4o-mini") =>
        new(customId, Encoding.UTF8.GetBytes($$"""{"model":"{{model}}","max_tokens":8,"messages":[{"role":"user","content":"say {{customId}}"}]}"""));

    public static BatchInputLine MessageLine(string customId, string model = "claude-sonnet-4-5") =>
        new(customId, Encoding.UTF8.GetBytes($$"""{"model":"{{model}}","max_tokens":8,"messages":[{"role":"user","content":"say {{customId}}"}]}"""));

    public static string UnixNow(TimeProvider? clock = null) =>
        (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static async Task<List<BatchResultLine>> ReadAllAsync(IBatchProvider provider, ProviderBatch batch)
    {
        var lines = new List<BatchResultLine>();
        await foreach (var line in provider.ReadResultsAsync(batch))
        {
            lines.Add(line);
        }

        return lines;
    }
}
