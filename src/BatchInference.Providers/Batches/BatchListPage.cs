using System.Text.Json;

namespace BatchInference.Providers.Batches;

/// <summary>One page of a provider's batch list, <c>{"data":[batch, ...]}</c> newest first, as a search for a batch reads it.</summary>
internal static class BatchListPage
{
    /// <summary>Adds the page's batches that <paramref name="isMatch"/> accepts to <paramref name="matches"/>.</summary>
    /// <param name="page">The list answer's root.</param>
    /// <param name="parse">The provider's batch object reader.</param>
    /// <param name="cutoff">How far back the search goes.</param>
    /// <param name="isMatch">Whether a batch is the one searched for.</param>
    /// <param name="matches">Where matches are added.</param>
    /// <returns>Whether the page reaches back before <paramref name="cutoff"/>, so that older pages need not be read.</returns>
    public static bool Collect(
        JsonElement page, Func<JsonElement, ProviderBatch> parse, DateTimeOffset cutoff, Func<ProviderBatch, bool> isMatch, List<ProviderBatch> matches)
    {
        var reachedCutoff = false;
        if (page.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in data.EnumerateArray())
            {
                var batch = parse(item);
                reachedCutoff |= batch.CreatedAt < cutoff;
                if (isMatch(batch))
                {
                    matches.Add(batch);
                }
            }
        }

        return reachedCutoff;
    }
}
