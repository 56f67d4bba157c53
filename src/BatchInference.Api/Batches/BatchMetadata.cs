using System.Globalization;
using System.Text.Json;
using BatchInference.Api.Auth;

namespace BatchInference.Api.Batches;

/// <summary>
/// Turns a create-batch request's <c>completion_window</c> and our <c>metadata</c> keys into the job's settings, in the
/// sidecar's JSON format (the engine parses and checks them as it does every job's): <c>bi_deadline</c> (ISO-8601 with
/// offset; wins over the window), <c>bi_budget_usd</c> (decimal), <c>bi_tier_policy</c> (auto|realtime|batch|flex|spot),
/// <c>bi_tags</c> (<c>k=v,k2=v2</c>), <c>bi_cache_hints</c> (off|auto), <c>bi_result_cache</c> and
/// <c>bi_result_cache_ttl</c>, <c>bi_webhook_url</c> (a webhook told when the batch ends) with
/// <c>bi_webhook_events</c> (comma-separated event types; OpenAI's four <c>batch.*</c> events when unset). The caller's
/// team tags are added and win, so spend is never booked to another team; a <c>team</c> tag names the team unless the
/// keyring sets one.
/// </summary>
internal static class BatchMetadata
{
    public const string Deadline = "bi_deadline";
    public const string BudgetUsd = "bi_budget_usd";
    public const string TierPolicy = "bi_tier_policy";
    public const string Tags = "bi_tags";
    public const string CacheHints = "bi_cache_hints";

    /// <summary>The exact result cache (<c>off</c>, <c>exact</c>, <c>exact_any</c>), as the sidecar's <c>result_cache</c>.</summary>
    public const string ResultCache = "bi_result_cache";

    /// <summary>The oldest cached answer accepted (<c>7d</c>, <c>12h</c>…), as the sidecar's <c>result_cache_ttl</c>.</summary>
    public const string ResultCacheTtl = "bi_result_cache_ttl";
    public const string WebhookUrl = "bi_webhook_url";
    public const string WebhookEvents = "bi_webhook_events";

    /// <summary>Lets a file mix urls (each line goes to its own url's provider) instead of OpenAI's one-endpoint rule.</summary>
    public const string MixedEndpoints = "bi_mixed_endpoints";

    /// <summary>The settings JSON, or a message saying which key is wrong and how.</summary>
    public static (byte[]? Settings, string? Error, string? Param) ToSettings(
        string completionWindow, IReadOnlyDictionary<string, string> metadata, ApiCaller caller)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata.TryGetValue(Tags, out var tagText))
        {
            foreach (var pair in tagText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    return (null, $"metadata.{Tags} must look like \"team=search,project=backfill\"; \"{pair}\" has no key=value.", "metadata");
                }

                tags[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }
        }

        if (!caller.Tags.ContainsKey("team"))
        {
            tags["team"] = caller.Team;
        }

        foreach (var (key, value) in caller.Tags)
        {
            tags[key] = value;
        }

        decimal? budget = null;
        if (metadata.TryGetValue(BudgetUsd, out var budgetText))
        {
            if (!decimal.TryParse(budgetText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var b))
            {
                return (null, $"metadata.{BudgetUsd} must be a decimal number of US dollars (e.g. \"12.5\"), not \"{budgetText}\".", "metadata");
            }

            budget = b;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("completion_window", completionWindow);
            if (metadata.TryGetValue(Deadline, out var deadline))
            {
                json.WriteString("deadline", deadline);
            }

            if (budget is { } usd)
            {
                json.WriteNumber("budget_usd", usd);
            }

            if (metadata.TryGetValue(TierPolicy, out var policy))
            {
                json.WriteString("tier_policy", policy);
            }

            if (metadata.TryGetValue(CacheHints, out var hints))
            {
                json.WriteString("cache_hints", hints);
            }

            if (metadata.TryGetValue(ResultCache, out var cache))
            {
                json.WriteString("result_cache", cache);
            }

            if (metadata.TryGetValue(ResultCacheTtl, out var ttl))
            {
                json.WriteString("result_cache_ttl", ttl);
            }

            if (metadata.TryGetValue(WebhookUrl, out var url))
            {
                WriteNotify(json, url, metadata.GetValueOrDefault(WebhookEvents));
            }

            json.WriteStartObject("tags");
            foreach (var (key, value) in tags)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return (buffer.ToArray(), null, null);
    }

    // The sidecar's notify object: the engine checks the URL and events as it checks every job's.
    private static void WriteNotify(Utf8JsonWriter json, string url, string? events)
    {
        json.WriteStartObject("notify");
        json.WriteStartArray("webhooks");
        json.WriteStartObject();
        json.WriteString("url", url);
        json.WriteStartArray("events");
        var names = events is null
            ? Jobs.Settings.WebhookEvents.BatchTerminal
            : events.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
