using System.Net;
using System.Net.Sockets;

namespace BatchInference.Testing;

/// <summary>
/// A real <see cref="HttpListener"/> on a free loopback port that hands each request to a handler on its own task:
/// the base of the tests' webhook receiver and Event Grid topic stand-in.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handle;
    private readonly Task _loop;

    private LoopbackHttpServer(int port, Func<HttpListenerContext, Task> handle)
    {
        _handle = handle;
        BaseAddress = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseAddress);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public string BaseAddress { get; }

    /// <summary>Starts listening; <paramref name="handle"/> answers each request.</summary>
    public static LoopbackHttpServer Start(Func<HttpListenerContext, Task> handle)
    {
        // A free port: bind 0, read it, release it; HttpListener cannot bind port 0 itself.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new LoopbackHttpServer(port, handle);
    }

    /// <summary>Sends <paramref name="status"/> unless the caller went away (a killed worker).</summary>
    public static void Answer(HttpListenerContext context, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            context.Response.StatusCode = status;
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The sender went away: the request stays recorded as received.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => _handle(context));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
