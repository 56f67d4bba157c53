using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace BatchInference.Functions.Local;

/// <summary>Posts a request payload to the custom handler's <c>/{Function}</c>, as the Functions host does.</summary>
internal sealed class FunctionInvoker(HttpClient http)
{
    /// <summary>The handler's status code; an unreachable handler or a timed-out call is reported as 503/504.</summary>
    public async Task<HttpStatusCode> InvokeAsync(string function, JsonObject payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.PostAsync(new Uri(function, UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return HttpStatusCode.ServiceUnavailable;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HttpStatusCode.GatewayTimeout;
        }
    }
}
