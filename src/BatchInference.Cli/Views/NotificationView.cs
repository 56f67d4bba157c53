using System.Globalization;
using BatchInference.Orchestrations.Notifications;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary><c>bi status</c>'s notifications: one row per delivery (event and endpoint: host and URL hash, never the URL).</summary>
internal static class NotificationView
{
    public static Table Table(IReadOnlyList<NotificationDelivery> deliveries)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Notifications");
        table.AddColumn("Event");
        table.AddColumn("To");
        table.AddColumn("State");
        table.AddColumn(new TableColumn("Attempts").RightAligned());
        table.AddColumn("Last / next attempt");
        foreach (var d in deliveries)
        {
            var to = d.Channel == NotificationChannels.EventGrid ? "Event Grid " + d.Endpoint : d.Endpoint;
            table.AddRow(
                Markup.Escape(d.Event),
                Markup.Escape(to),
                State(d),
                d.Attempts.ToString(CultureInfo.InvariantCulture),
                d.State == NotificationDelivery.Retrying ? "next " + Times.Format(d.NextAttemptAt) : Times.Format(d.LastAttemptAt));
        }

        return table;
    }

    private static string State(NotificationDelivery d) => d.State switch
    {
        NotificationDelivery.Delivered => "[green]delivered[/]",
        NotificationDelivery.Retrying => $"[yellow]retrying[/]{Reason(d)}",
        NotificationDelivery.GaveUp => $"[red]given up[/]{Reason(d)}",
        _ => $"[red]refused[/]{Reason(d)}",
    };

    private static string Reason(NotificationDelivery d) => d.LastError is { } error ? " " + Markup.Escape(error) : string.Empty;
}
