namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// The Event Grid custom topic a deployment publishes one CloudEvent to per ended job (<c>Notify:EventGrid</c>). In
/// Azure the Bicep creates the topic, grants the app's managed identity "EventGrid Data Sender" and sets
/// <see cref="Endpoint"/>; the app signs in with <c>DefaultAzureCredential</c>. Locally a topic <see cref="Key"/> signs
/// instead.
/// </summary>
public sealed class NotifyEventGridOptions
{
    /// <summary>The topic endpoint (<c>https://&lt;topic&gt;.&lt;region&gt;-1.eventgrid.azure.net/api/events</c>); none when unset.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>A topic access key (<c>aeg-sas-key</c>); when unset the app signs in with Entra ID (its managed identity).
    /// Never logged or written anywhere; in Azure prefer the identity (the Bicep sets no key).</summary>
    public string? Key { get; set; }

    /// <summary>A user-assigned managed identity's client id for Entra sign-in; unset for the system-assigned one.</summary>
    public string? ClientId { get; set; }

    /// <summary>The CloudEvents <c>source</c> of every event (a URI reference naming this deployment).</summary>
    public string Source { get; set; } = "/batchinference";

    internal void Validate(bool allowHttp)
    {
        if (Endpoint is null)
        {
            return;
        }

        NotifyOptions.Require(
            Endpoint.IsAbsoluteUri && (Endpoint.Scheme == Uri.UriSchemeHttps || (allowHttp && Endpoint.Scheme == Uri.UriSchemeHttp)),
            "EventGrid:Endpoint", "must be an absolute https URL (http only with Notify:AllowHttp)");
        NotifyOptions.Require(Uri.IsWellFormedUriString(Source, UriKind.RelativeOrAbsolute) && Source.Length > 0, "EventGrid:Source", "must be a URI reference");
    }
}
