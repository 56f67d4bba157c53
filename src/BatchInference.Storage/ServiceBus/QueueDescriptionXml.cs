using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// Reads the message count out of a queue description (the ATOM entry <c>GET {namespace}/{queue}</c> answers):
/// <c>CountDetails/ActiveMessageCount</c> plus <c>CountDetails/ScheduledMessageCount</c> (durable timers are messages the
/// queue holds too), or the entity's <c>MessageCount</c> when the details are absent. Matched by local name: the
/// elements live in two different XML namespaces.
/// </summary>
internal static class QueueDescriptionXml
{
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

    private static long? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName) is { } element
            ? long.Parse(element.Value, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}
