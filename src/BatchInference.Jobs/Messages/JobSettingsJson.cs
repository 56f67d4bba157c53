using System.Globalization;
using System.Text.Json;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Messages;

/// <summary>Writes <see cref="JobSettings"/> in the sidecar's JSON shape (the <c>settings</c> object of a message).</summary>
internal static class JobSettingsJson
{
    public static bool HasNonDefault(JobSettings settings) =>
        settings.Deadline is not null || settings.CompletionWindow is not null || settings.BudgetUsd is not null
        || settings.TierPolicy != TierPolicy.Auto || settings.AllowedProviders.Count > 0 || settings.AllowedRegions.Count > 0
        || settings.Tags.Count > 0 || settings.Priority != 0 || settings.UnknownModel != UnknownModelPolicy.Fail
        || settings.UnpricedBudget != UnpricedBudgetPolicy.Estimate || settings.Webhooks.Count > 0
        || settings.CacheHints != CacheHintsPolicy.Off
        || settings.ResultCache != ResultCacheMode.Off || settings.ResultCacheTtl is not null;

    /// <summary>Writes the non-default fields as one JSON object.</summary>
    public static void Write(Utf8JsonWriter json, JobSettings settings)
    {
        json.WriteStartObject();
        if (settings.Deadline is { } deadline)
        {
            json.WriteString(SettingNames.Deadline, deadline.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        }

        if (settings.CompletionWindow is { } window)
        {
            json.WriteString(SettingNames.CompletionWindow, FormatWindow(window));
        }

        if (settings.BudgetUsd is { } budget)
        {
            json.WriteNumber(SettingNames.BudgetUsd, budget);
        }

        if (settings.TierPolicy != TierPolicy.Auto)
        {
            json.WriteString(SettingNames.TierPolicy, settings.TierPolicy.ToString().ToLowerInvariant());
        }

        WriteList(json, SettingNames.AllowedProviders, settings.AllowedProviders);
        WriteList(json, SettingNames.AllowedRegions, settings.AllowedRegions);
        if (settings.Priority != 0)
        {
            json.WriteNumber(SettingNames.Priority, settings.Priority);
        }

        if (settings.UnknownModel != UnknownModelPolicy.Fail)
        {
            json.WriteString(SettingNames.UnknownModel, UnknownModelPolicyNames.Name(settings.UnknownModel));
        }

        if (settings.UnpricedBudget != UnpricedBudgetPolicy.Estimate)
        {
            json.WriteString(SettingNames.UnpricedBudget, UnpricedBudgetPolicyNames.Name(settings.UnpricedBudget));
        }

        if (settings.CacheHints != CacheHintsPolicy.Off)
        {
            json.WriteString(SettingNames.CacheHints, CacheHintsPolicyNames.Name(settings.CacheHints));
        }

        if (settings.ResultCache != ResultCacheMode.Off)
        {
            json.WriteString(SettingNames.ResultCache, ResultCacheModeNames.Name(settings.ResultCache));
        }

        if (settings.ResultCacheTtl is { } ttl)
        {
            json.WriteString(SettingNames.ResultCacheTtl, FormatWindow(ttl));
        }

        if (settings.Tags.Count > 0)
        {
            json.WriteStartObject(SettingNames.Tags);
            foreach (var (name, value) in settings.Tags.OrderBy(static t => t.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        }

        WriteNotify(json, settings.Webhooks);
        json.WriteEndObject();
    }

    private static void WriteNotify(Utf8JsonWriter json, IReadOnlyList<WebhookSubscription> webhooks)
    {
        if (webhooks.Count == 0)
        {
            return;
        }

        json.WriteStartObject(SettingNames.Notify);
        json.WriteStartArray("webhooks");
        foreach (var webhook in webhooks)
        {
            json.WriteStartObject();
            json.WriteString("url", webhook.Url);
            WriteList(json, "events", webhook.Events);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The largest unit that divides <paramref name="window"/> exactly: <c>2d</c>, <c>36h</c>, <c>90m</c>, <c>45s</c>.</summary>
    /// <exception cref="ArgumentException">The window is not a positive whole number of seconds.</exception>
    internal static string FormatWindow(TimeSpan window)
    {
        if (window <= TimeSpan.Zero || window.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"A completion window must be a positive whole number of seconds; {window} is not.", nameof(window));
        }

        (long Ticks, char Unit)[] units = [(TimeSpan.TicksPerDay, 'd'), (TimeSpan.TicksPerHour, 'h'), (TimeSpan.TicksPerMinute, 'm'), (TimeSpan.TicksPerSecond, 's')];
        var (ticks, unit) = units.First(u => window.Ticks % u.Ticks == 0);
        return string.Create(CultureInfo.InvariantCulture, $"{window.Ticks / ticks}{unit}");
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
