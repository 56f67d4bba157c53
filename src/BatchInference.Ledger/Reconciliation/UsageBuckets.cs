using System.Runtime.CompilerServices;
using System.Text.Json;

namespace BatchInference.Ledger.Reconciliation;

/// <summary>
/// What OpenAI's and Anthropic's admin usage APIs share: day buckets in <c>data</c>, paged with
/// <c>has_more</c>/<c>next_page</c>, and lines keyed by (day, model, tier) that become one report per day.
/// </summary>
internal static class UsageBuckets
{
    /// <summary>Every bucket of every page of <paramref name="path"/>?<paramref name="query"/>, in order.</summary>
    public static async IAsyncEnumerable<JsonElement> ReadAsync(
        RetryingSender sender, Uri baseAddress, string path, string query, Func<Uri, HttpRequestMessage> request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? page = null;
        do
        {
            var uri = new Uri(baseAddress, path + "?" + query + (page is null ? string.Empty : "&page=" + Uri.EscapeDataString(page)));
            using var response = await sender.SendAsync(() => request(uri), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"GET {uri.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}.", inner: null, response.StatusCode);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                var root = document.RootElement;
                foreach (var bucket in root.GetProperty("data").EnumerateArray())
                {
                    yield return bucket.Clone();
                }

                page = root.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True &&
                    root.TryGetProperty("next_page", out var next) && next.ValueKind == JsonValueKind.String
                    ? next.GetString()
                    : null;
            }
        }
        while (page is not null);
    }

    /// <summary>One report per day from <paramref name="first"/> to <paramref name="last"/>, lines sorted by model and tier.</summary>
    public static IReadOnlyList<ProviderUsage> ByDay(
        string provider, DateOnly first, DateOnly last, Dictionary<(DateOnly Day, string Model, string Tier), ProviderUsageLine> lines)
    {
        var days = new List<ProviderUsage>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var current = day;
            days.Add(new ProviderUsage(
                provider,
                day,
                [.. lines.Where(l => l.Key.Day == current).Select(l => l.Value)
                    .OrderBy(l => l.Model, StringComparer.Ordinal).ThenBy(l => l.Tier, StringComparer.Ordinal)]));
        }

        return days;
    }
}
