using System.Collections.Concurrent;

namespace BatchInference.Functions.Tests.Local;

/// <summary>Forwards every call to the real handler and counts the 200 answers per function path.</summary>
internal sealed class CountingTransport() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentDictionary<string, int> _succeeded = new(StringComparer.Ordinal);

    public int Succeeded(string function) => _succeeded.GetValueOrDefault("/" + function);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode == 200)
        {
            _succeeded.AddOrUpdate(request.RequestUri!.AbsolutePath, 1, (_, n) => n + 1);
        }

        return response;
    }
}
