using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Queues;

/// <summary>
/// The Queue service's XML bodies: the <c>QueueMessage</c> a send posts, and the <c>QueueMessagesList</c> that Put
/// Message and Get Messages answer. Bodies travel as Base64 in <c>MessageText</c>, the encoding the Azure SDKs and the
/// Functions queue trigger use for binary payloads.
/// </summary>
internal static class QueueMessageXml
{
    public static byte[] CreateRequestBody(BinaryData body)
    {
        var document = new XElement("QueueMessage", new XElement("MessageText", Convert.ToBase64String(body.ToMemory().Span)));
        return Encoding.UTF8.GetBytes(document.ToString(SaveOptions.DisableFormatting));
    }

    public static QueueReceipt ParseSendReceipt(BinaryData xml)
    {
        var entry = Entries(xml).FirstOrDefault() ?? throw Malformed("Put Message", "no QueueMessage element");
        return new QueueReceipt(
            Required(entry, "MessageId"),
            RequiredDate(entry, "InsertionTime"),
            RequiredDate(entry, "TimeNextVisible"));
    }

    public static IReadOnlyList<WorkQueueMessage> ParseReceived(BinaryData xml) =>
        Entries(xml)
            .Select(entry => new WorkQueueMessage(
                Required(entry, "MessageId"),
                DecodeText(entry.Element("MessageText")?.Value ?? string.Empty),
                int.Parse(Required(entry, "DequeueCount"), NumberStyles.Integer, CultureInfo.InvariantCulture),
                RequiredDate(entry, "InsertionTime"),
                RequiredDate(entry, "TimeNextVisible"),
                Required(entry, "PopReceipt")))
            .ToList();

    /// <summary>
    /// Base64 text decodes to its bytes. Text that is not Base64 (plain JSON put by a portal, the CLI or an SDK with
    /// no message encoding) is passed on as its UTF-8 bytes rather than lost: braces and quotes never occur in Base64.
    /// </summary>
    public static BinaryData DecodeText(string text)
    {
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var written)
            ? new BinaryData(buffer.AsMemory(0, written))
            : BinaryData.FromString(text);
    }

    private static IEnumerable<XElement> Entries(BinaryData xml)
    {
        try
        {
            var root = XDocument.Parse(xml.ToString()).Root;
            return root?.Elements("QueueMessage") ?? [];
        }
        catch (XmlException e)
        {
            throw new InvalidDataException("The Queue service answered with malformed XML.", e);
        }
    }

    private static string Required(XElement entry, string name) =>
        entry.Element(name)?.Value is { Length: > 0 } value ? value : throw Malformed("QueueMessage", $"no {name}");

    private static DateTimeOffset RequiredDate(XElement entry, string name) =>
        BlobResponses.ParseHttpDate(Required(entry, name)) ?? throw Malformed("QueueMessage", $"{name} is not a date");

    private static InvalidDataException Malformed(string what, string detail) =>
        new($"The Queue service's {what} answer is not as documented: {detail}.");
}
