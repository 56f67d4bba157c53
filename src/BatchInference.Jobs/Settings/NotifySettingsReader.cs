using System.Globalization;
using System.Text.Json;

namespace BatchInference.Jobs.Settings;

/// <summary>
/// Reads the sidecar's <c>notify</c> object: <c>{"webhooks": [{"url": "https://…", "events": ["job.completed"]}]}</c>.
/// Errors name the element (<c>notify.webhooks[1].events</c>) but never echo a URL, which may carry a token.
/// </summary>
internal static class NotifySettingsReader
{
    /// <summary>The most webhooks one job may name.</summary>
    public const int MaxWebhooks = 5;

    private const string Webhooks = "webhooks";
    private const string Url = "url";
    private const string Events = "events";

    public static IReadOnlyList<WebhookSubscription>? Read(JsonElement value, string source, List<JobSettingsError> errors)
    {
        var key = SettingNames.Notify;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new JobSettingsError(source, key, "must be a JSON object such as {\"webhooks\": [{\"url\": \"https://…\"}]}."));
            return null;
        }

        IReadOnlyList<WebhookSubscription>? result = [];
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name != Webhooks)
            {
                errors.Add(new JobSettingsError(source, $"{key}.{property.Name}", $"is not a known notify setting; known: {Webhooks}."));
                result = null;
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                result = result is null ? null : ReadWebhooks(property.Value, source, $"{key}.{Webhooks}", errors);
            }
        }

        return result;
    }

    private static List<WebhookSubscription>? ReadWebhooks(JsonElement value, string source, string field, List<JobSettingsError> errors)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxWebhooks)
        {
            errors.Add(new JobSettingsError(source, field, $"must be a JSON array of at most {MaxWebhooks} webhooks."));
            return null;
        }

        var webhooks = new List<WebhookSubscription>();
        var before = errors.Count;
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{field}[{index++}]");
            if (ReadWebhook(item, source, at, errors) is { } webhook)
            {
                webhooks.Add(webhook);
            }
        }

        return errors.Count == before ? webhooks : null;
    }

    private static WebhookSubscription? ReadWebhook(JsonElement item, string source, string at, List<JobSettingsError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new JobSettingsError(source, at, "must be a JSON object with \"url\" and optional \"events\"."));
            return null;
        }

        string? url = null;
        IReadOnlyList<string> events = WebhookEvents.JobTerminal;
        var ok = true;
        foreach (var property in item.EnumerateObject())
        {
            switch (property.Name)
            {
                case Url:
                    var problem = property.Value.ValueKind == JsonValueKind.String
                        ? WebhookUrlRules.Check(property.Value.GetString(), out _)
                        : $"must be a string; expected {WebhookUrlRules.Expected}.";
                    ok &= Report(errors, source, $"{at}.{Url}", problem);
                    url = problem is null ? property.Value.GetString() : null;
                    break;
                case Events:
                    var read = ReadEvents(property.Value, source, $"{at}.{Events}", errors);
                    ok &= read is not null;
                    events = read ?? events;
                    break;
                default:
                    ok = Report(errors, source, $"{at}.{property.Name}", $"is not a known webhook setting; known: {Url}, {Events}.");
                    break;
            }
        }

        if (url is null && ok)
        {
            ok = Report(errors, source, $"{at}.{Url}", $"is required; expected {WebhookUrlRules.Expected}.");
        }

        return ok ? new WebhookSubscription(url!, events) : null;
    }

    private static IReadOnlyList<string>? ReadEvents(JsonElement value, string source, string at, List<JobSettingsError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return WebhookEvents.JobTerminal;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0
            || value.EnumerateArray().Any(static e => e.ValueKind != JsonValueKind.String || !WebhookEvents.IsKnown(e.GetString())))
        {
            errors.Add(new JobSettingsError(source, at, $"must be a non-empty JSON array of event types; known: {string.Join(", ", WebhookEvents.Known)}."));
            return null;
        }

        return value.EnumerateArray().Select(static e => e.GetString()!).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static bool Report(List<JobSettingsError> errors, string source, string field, string? problem)
    {
        if (problem is not null)
        {
            errors.Add(new JobSettingsError(source, field, problem));
        }

        return problem is null;
    }
}
