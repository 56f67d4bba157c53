using System.Globalization;
using System.Text.Json;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// The <c>BrokerProperties</c> JSON a peek-lock answer carries in its header of that name. Times are RFC 1123
/// (<c>Wed, 02 Jul 2014 01:32:27 GMT</c>).
/// </summary>
internal sealed record BrokerProperties(
    string MessageId, long SequenceNumber, string LockToken, int DeliveryCount, DateTimeOffset EnqueuedTimeUtc, DateTimeOffset LockedUntilUtc)
{
    public const string HeaderName = "BrokerProperties";

    public static BrokerProperties Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return new BrokerProperties(
                root.GetProperty("MessageId").GetString() ?? throw Missing("MessageId"),
                root.GetProperty("SequenceNumber").GetInt64(),
                root.GetProperty("LockToken").GetString() ?? throw Missing("LockToken"),
                root.GetProperty("DeliveryCount").GetInt32(),
                ParseTime(root.GetProperty("EnqueuedTimeUtc").GetString()),
                ParseTime(root.GetProperty("LockedUntilUtc").GetString()));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("The peek-lock answer's BrokerProperties header is not the documented JSON.", e);
        }
    }

    public static DateTimeOffset? TryParseLockedUntil(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("LockedUntilUtc", out var value) ? ParseTime(value.GetString()) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The request-side properties of a send: the id, the schedule and the time-to-live.</summary>
    public static string ForSend(string messageId, DateTimeOffset? scheduledEnqueueTime, TimeSpan? timeToLive)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteForSend(writer, messageId, scheduledEnqueueTime, timeToLive);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void WriteForSend(Utf8JsonWriter writer, string messageId, DateTimeOffset? scheduledEnqueueTime, TimeSpan? timeToLive)
    {
        writer.WriteStartObject();
        writer.WriteString("MessageId", messageId);
        if (scheduledEnqueueTime is { } scheduled)
        {
            writer.WriteString("ScheduledEnqueueTimeUtc", FormatTime(scheduled));
        }

        if (timeToLive is { } ttl)
        {
            writer.WriteNumber("TimeToLive", Math.Ceiling(ttl.TotalSeconds));
        }

        writer.WriteEndObject();
    }

    private static DateTimeOffset ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new FormatException($"'{value}' is not a broker time.");

    private static FormatException Missing(string name) => new($"BrokerProperties.{name} is null.");
}
