using System.Globalization;

namespace BatchInference.Storage.Blobs;

/// <summary>
/// What is left of the Blob REST client's response reading: the HTTP date parser the Service Bus REST client still
/// uses. Delete it with that client (issue #12 replaces it with Azure.Messaging.ServiceBus).
/// </summary>
internal static class BlobResponses
{
    public static DateTimeOffset? ParseHttpDate(string? value) =>
        DateTimeOffset.TryParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed) ? parsed : null;
}
