using System.Globalization;
using System.Xml.Linq;
using Azure;

namespace BatchInference.Storage.Blobs;

/// <summary>One page of a List Blobs response and the marker for the next one.</summary>
internal sealed record BlobListPage(IReadOnlyList<BlobItem> Items, string? NextMarker)
{
    public static BlobListPage Parse(Stream xml)
    {
        var root = XDocument.Load(xml).Root ?? throw new FormatException("List Blobs returned an empty document.");
        var items = new List<BlobItem>();
        foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
        {
            var properties = blob.Element("Properties");
            var metadata = blob.Element("Metadata");
            items.Add(new BlobItem(
                NameOf(blob.Element("Name")),
                long.TryParse(properties?.Element("Content-Length")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0,
                properties?.Element("Etag")?.Value is { Length: > 0 } etag ? new ETag(etag) : default,
                BlobResponses.ParseHttpDate(properties?.Element("Last-Modified")?.Value) ?? default,
                metadata is null
                    ? null
                    : metadata.Elements().ToDictionary(e => e.Name.LocalName, e => e.Value, StringComparer.OrdinalIgnoreCase)));
        }

        var next = root.Element("NextMarker")?.Value;
        return new BlobListPage(items, string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>Names with characters XML cannot carry come percent-encoded with <c>Encoded="true"</c>.</summary>
    private static string NameOf(XElement? name)
    {
        var value = name?.Value ?? string.Empty;
        return string.Equals((string?)name?.Attribute("Encoded"), "true", StringComparison.OrdinalIgnoreCase)
            ? Uri.UnescapeDataString(value)
            : value;
    }
}
