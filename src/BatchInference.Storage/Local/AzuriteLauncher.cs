using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Storage.Local;

/// <summary>
/// Starts Azurite from the repository's <c>node_modules</c> on loopback (given or free ports, in memory or in a
/// workspace folder) and waits until its ports answer. Azurite runs under a small Node.js launcher that ties it to this
/// process: it exits when its stdin (a pipe from this process) closes, which the OS does however this process ends, also
/// on <c>kill -9</c>; it ignores SIGINT/SIGTERM/SIGHUP, so Ctrl+C in a terminal (sent to the whole process group)
/// reaches this process alone, which stops its workers before storage; and it sets umask 077, so Azurite's files are
/// readable by this user only.
/// </summary>
public static class AzuriteLauncher
{
    private const string Host = "127.0.0.1";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Starts Azurite and returns once the blob, queue and table ports accept connections.</summary>
    /// <param name="options">Where azurite is installed, ports, persistence, timeout.</param>
    /// <param name="cancellationToken">Cancels the start; a half-started process is killed.</param>
    /// <returns>The running instance; dispose it to stop Azurite.</returns>
    /// <exception cref="InvalidOperationException">Azurite is not installed ("run npm install"), node cannot be started,
    /// or Azurite exits or does not answer in time (the message carries the tail of its output).</exception>
    public static async Task<AzuriteInstance> StartAsync(AzuriteLaunchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var logger = options.Logger ?? NullLogger.Instance;
        var script = Path.Combine(Path.GetFullPath(options.NodeModulesPath), "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed: {script} is missing. Run `npm install` in the repository root (or just `./bi`, which does it) to install the npm dev tools.");
        }

        var (blobPort, queuePort, tablePort) = PickPorts(options);
        foreach (var port in new[] { options.BlobPort, options.QueuePort, options.TablePort })
        {
            // Otherwise the readiness probe would mistake the other listener for our Azurite.
            if (port is { } taken && await IsListeningAsync(Host, taken, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException(
                    $"Port {taken} is already in use on {Host}; stop what listens there or let the launcher pick free ports.");
            }
        }

        OwnedTempFolder? temporaryLocation = null;
        var location = options.Location;
        if (!options.InMemoryPersistence && location is null)
        {
            // Removes the workspaces of launchers that were killed before they could delete theirs.
            temporaryLocation = OwnedTempFolder.Create(TemporaryLocationPrefix);
            location = temporaryLocation.Path;
        }

        Log.AzuriteStarting(logger, blobPort, queuePort, tablePort, location is null ? "in memory" : $"at {location}");
        var tail = new ProcessOutputTail(40);
        var process = CreateProcess(options.NodeExecutable, script, blobPort, queuePort, tablePort, location);
        process.OutputDataReceived += (_, e) => tail.Add(e.Data);
        process.ErrorDataReceived += (_, e) => tail.Add(e.Data);
        var started = options.TimeProvider.GetTimestamp();
        try
        {
            try
            {
                process.Start();
            }
            catch (Win32Exception ex)
            {
                throw new InvalidOperationException(
                    $"Could not start '{options.NodeExecutable}' to run Azurite; install Node.js 20+ and put it on PATH.", ex);
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await WaitUntilListeningAsync(process, options, [blobPort, queuePort, tablePort], tail, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.AzuriteStartFailed(logger, ex.Message);
            await StopAsync(process).ConfigureAwait(false);
            process.Dispose();
            temporaryLocation?.Dispose();
            throw;
        }

        var instance = new AzuriteInstance(process, blobPort, queuePort, tablePort, location, temporaryLocation, options.Logger);
        Log.AzuriteReady(logger, process.Id, instance.BlobEndpoint, (long)options.TimeProvider.GetElapsedTime(started).TotalMilliseconds);
        return instance;
    }

    /// <summary>True when something accepts TCP connections at <paramref name="host"/>:<paramref name="port"/>
    /// within a second (e.g. an Azurite already running on 10000).</summary>
    /// <param name="host">Host name or address.</param>
    /// <param name="port">TCP port.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>Whether the port answered.</returns>
    public static async Task<bool> IsListeningAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The name prefix of the temporary workspaces (<c>azurite-*</c> in the temp directory).</summary>
    public const string TemporaryLocationPrefix = "azurite-";

    internal static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or Win32Exception)
        {
            // Never started, already gone, or refusing to die: nothing more a dispose can do.
        }
    }

    private static Process CreateProcess(string node, string script, int blobPort, int queuePort, int tablePort, string? location)
    {
        var info = new ProcessStartInfo(node)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // the lifeline: the launcher exits when it closes
            CreateNoWindow = true,
            WorkingDirectory = location ?? Path.GetTempPath(),
        };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(AzuriteLifeline.Script);
        info.ArgumentList.Add(script);
        foreach (var argument in new[] { "--silent", "--disableTelemetry", "--loose" })
        {
            info.ArgumentList.Add(argument);
        }

        AddService(info, "blob", blobPort);
        AddService(info, "queue", queuePort);
        AddService(info, "table", tablePort);
        if (location is null)
        {
            info.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            info.ArgumentList.Add("--location");
            info.ArgumentList.Add(location);
        }

        return new Process { StartInfo = info };
    }

    private static void AddService(ProcessStartInfo info, string service, int port)
    {
        info.ArgumentList.Add($"--{service}Host");
        info.ArgumentList.Add(Host);
        info.ArgumentList.Add($"--{service}Port");
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task WaitUntilListeningAsync(
        Process process, AzuriteLaunchOptions options, int[] ports, ProcessOutputTail tail, CancellationToken cancellationToken)
    {
        var started = options.TimeProvider.GetTimestamp();
        var pending = new List<int>(ports);
        while (true)
        {
            if (process.HasExited)
            {
                // Let the output readers drain what the process wrote before it died.
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"Azurite exited with code {process.ExitCode} before listening on ports {string.Join(", ", ports)}. Its output:{Environment.NewLine}{tail}");
            }

            for (var i = pending.Count - 1; i >= 0; i--)
            {
                if (await IsListeningAsync(Host, pending[i], cancellationToken).ConfigureAwait(false))
                {
                    pending.RemoveAt(i);
                }
            }

            if (pending.Count == 0)
            {
                return;
            }

            if (options.TimeProvider.GetElapsedTime(started) > options.StartupTimeout)
            {
                throw new InvalidOperationException(
                    $"Azurite did not answer on port(s) {string.Join(", ", pending)} within {options.StartupTimeout}. Its output:{Environment.NewLine}{tail}");
            }

            await Task.Delay(PollInterval, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Free ports come from binding port 0; all listeners are held together so the three differ.</summary>
    private static (int Blob, int Queue, int Table) PickPorts(AzuriteLaunchOptions options)
    {
        var listeners = new List<TcpListener>();
        try
        {
            int Pick(int? fixedPort)
            {
                if (fixedPort is { } port)
                {
                    return port;
                }

                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            return (Pick(options.BlobPort), Pick(options.QueuePort), Pick(options.TablePort));
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
                listener.Dispose();
            }
        }
    }
}
