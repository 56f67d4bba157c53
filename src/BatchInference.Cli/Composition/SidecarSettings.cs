using System.Text.Json;

namespace BatchInference.Cli.Composition;

/// <summary>Builds a job's sidecar <c>.job.json</c> from command-line flags; null when no flag was given.</summary>
internal static class SidecarSettings
{
    /// <exception cref="ArgumentException">
    /// A tag is not <c>key=value</c>, a tag key is repeated, or both a deadline and a completion window are given (the
    /// engine would silently pick one).
    /// </exception>
    public static byte[]? Build(string? deadline, string? completionWindow, decimal? budgetUsd, IReadOnlyList<string> tags)
    {
        if (deadline is null && completionWindow is null && budgetUsd is null && tags.Count == 0)
        {
            return null;
        }

        if (deadline is not null && completionWindow is not null)
        {
            throw new ArgumentException("--deadline and --completion-window both set the deadline; give one of them.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            if (deadline is not null)
            {
                json.WriteString("deadline", deadline);
            }

            if (completionWindow is not null)
            {
                json.WriteString("completion_window", completionWindow);
            }

            if (budgetUsd is { } budget)
            {
                json.WriteNumber("budget_usd", budget);
            }

            if (tags.Count > 0)
            {
                json.WriteStartObject("tags");
                foreach (var tag in tags)
                {
                    var eq = tag.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new ArgumentException($"--tag '{tag}' must look like key=value.");
                    }

                    if (!seen.Add(tag[..eq]))
                    {
                        throw new ArgumentException($"--tag key '{tag[..eq]}' is given twice; give each key once.");
                    }

                    json.WriteString(tag[..eq], tag[(eq + 1)..]);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The sidecar (or a new one) with <c>unknown_model</c> set to <paramref name="policy"/>.</summary>
    public static byte[] WithUnknownModel(byte[]? sidecar, string policy) => With(sidecar, "unknown_model", policy);

    /// <summary>The sidecar (or a new one) with <c>unpriced_budget</c> set to <paramref name="policy"/>.</summary>
    public static byte[] WithUnpricedBudget(byte[]? sidecar, string policy) => With(sidecar, "unpriced_budget", policy);

    /// <summary>The sidecar (or a new one) with <c>result_cache</c> set to <paramref name="mode"/>.</summary>
    public static byte[] WithResultCache(byte[]? sidecar, string mode) => With(sidecar, "result_cache", mode);

    /// <summary>The sidecar (or a new one) with <c>result_cache_ttl</c> set to <paramref name="ttl"/>.</summary>
    public static byte[] WithResultCacheTtl(byte[]? sidecar, string ttl) => With(sidecar, "result_cache_ttl", ttl);

    private static byte[] With(byte[]? sidecar, string key, string value)
    {
        var document = sidecar is null ? new System.Text.Json.Nodes.JsonObject() : System.Text.Json.Nodes.JsonNode.Parse(sidecar)!.AsObject();
        document[key] = value;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            document.WriteTo(json);
        }

        return buffer.ToArray();
    }
}
