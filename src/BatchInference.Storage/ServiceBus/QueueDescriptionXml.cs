using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// The Atom entries of the Service Bus entity API. Reads the message count out of a queue description (the entry
/// <c>GET {namespace}/{queue}</c> answers): <c>CountDetails/ActiveMessageCount</c> plus
/// <c>CountDetails/ScheduledMessageCount</c> (durable timers are messages the queue holds too), or the entity's
/// <c>MessageCount</c> when the details are absent, matched by local name because the elements live in two XML
/// namespaces. Writes the entry "Create or Update Entity" takes to create a queue.
/// </summary>
internal static class QueueDescriptionXml
{
    public const string ContentType = "application/atom+xml;type=entry;charset=utf-8";

    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Connect = "http://schemas.microsoft.com/netservices/2010/10/servicebus/connect";

    /// <returns>The count, or null when the answer holds no queue description (the queue does not exist).</returns>
    public static long? ParseMessageCount(BinaryData content)
    {
        XDocument document;
        try
        {
            using var stream = content.ToStream();
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException("The queue description is not XML.", e);
        }

        var description = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "QueueDescription");
        if (description is null)
        {
            return null;
        }

        var details = description.Elements().FirstOrDefault(e => e.Name.LocalName == "CountDetails");
        if (details is not null && Child(details, "ActiveMessageCount") is { } active)
        {
            return active + (Child(details, "ScheduledMessageCount") ?? 0);
        }

        return Child(description, "MessageCount")
            ?? throw new InvalidDataException("The queue description has neither CountDetails/ActiveMessageCount nor MessageCount.");
    }

    /// <summary>
    /// <c>&lt;entry&gt;&lt;content type="application/xml"&gt;&lt;QueueDescription&gt;…</c> with the set properties only. The
    /// service reads the description as a data contract, which needs its elements in the contract's order: LockDuration,
    /// RequiresDuplicateDetection, DefaultMessageTimeToLive, DeadLetteringOnMessageExpiration,
    /// DuplicateDetectionHistoryTimeWindow, MaxDeliveryCount. Durations are ISO 8601 (<c>PT1M</c>).
    /// </summary>
    public static byte[] WriteEntry(ServiceBusQueueDescription description)
    {
        var queue = new XElement(Connect + "QueueDescription");
        Add(queue, "LockDuration", description.LockDuration);
        Add(queue, "RequiresDuplicateDetection", description.RequiresDuplicateDetection);
        Add(queue, "DefaultMessageTimeToLive", description.DefaultMessageTimeToLive);
        Add(queue, "DeadLetteringOnMessageExpiration", description.DeadLetteringOnMessageExpiration);
        Add(queue, "DuplicateDetectionHistoryTimeWindow", description.DuplicateDetectionHistoryTimeWindow);
        if (description.MaxDeliveryCount is { } maxDeliveries)
        {
            queue.Add(new XElement(Connect + "MaxDeliveryCount", maxDeliveries.ToString(CultureInfo.InvariantCulture)));
        }

        var entry = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(Atom + "entry", new XElement(Atom + "content", new XAttribute("type", "application/xml"), queue)));
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) }))
        {
            entry.Save(writer);
        }

        return buffer.ToArray();
    }

    private static void Add(XElement parent, string name, TimeSpan? value)
    {
        if (value is { } span)
        {
            parent.Add(new XElement(Connect + name, XmlConvert.ToString(span)));
        }
    }

    private static void Add(XElement parent, string name, bool? value)
    {
        if (value is { } flag)
        {
            parent.Add(new XElement(Connect + name, flag ? "true" : "false"));
        }
    }

    private static long? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName) is { } element
            ? long.Parse(element.Value, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}
