using Azure.Core;
using Azure.Core.Pipeline;

namespace BatchInference.Storage.Auth;

/// <summary>Appends a shared access signature to the request URL. Per call (not per retry) so it is added once.</summary>
internal sealed class SasQueryPolicy(string sharedAccessSignature) : HttpPipelineSynchronousPolicy
{
    private readonly string[] _pairs = sharedAccessSignature.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries);

    public override void OnSendingRequest(HttpMessage message)
    {
        foreach (var pair in _pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            // The SAS is already URL-encoded as issued: append it verbatim.
            message.Request.Uri.AppendQuery(
                equals < 0 ? pair : pair[..equals],
                equals < 0 ? string.Empty : pair[(equals + 1)..],
                escapeValue: false);
        }
    }
}
