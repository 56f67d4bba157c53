using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace BatchInference.Testing;

/// <summary>
/// Runs SQL in DuckDB through <c>tests/tools/duckdb-query.mjs</c> (the @duckdb/node-api package from the repository's
/// node_modules): the independent reader our Parquet files are checked against, and the tool data teams use.
/// One node process (<c>--serve</c>) is shared by the whole test run, because loading DuckDB costs ~0.5 s; every call
/// still gets a fresh in-memory database. Calls are serialized. Batch several checks into one script where you can.
/// </summary>
public static class DuckDbQuery
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly StringBuilder ServerErrors = new();
    private static Process? _server;

    /// <summary>Runs <paramref name="sql"/> (one or more statements) and returns the rows of the last statement.</summary>
    /// <returns>One JSON object per row; BIGINT, DECIMAL and TIMESTAMP values are strings, so they stay exact.</returns>
    /// <exception cref="InvalidOperationException">DuckDB reported an error (its message is included) or node_modules is missing.</exception>
    public static async Task<IReadOnlyList<JsonElement>> QueryAsync(string sql, CancellationToken cancellationToken = default) =>
        (await QueryTimedAsync(sql, cancellationToken)).Rows;

    /// <summary>Like <see cref="QueryAsync"/>, also returning each statement's elapsed time measured inside node.</summary>
    public static async Task<DuckDbResult> QueryTimedAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var answer = await RequestAsync(sql, cancellationToken);
        using var document = JsonDocument.Parse(answer);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"DuckDB failed: {error.GetString()}\nSQL:\n{sql}");
        }

        return new DuckDbResult(
            [.. root.GetProperty("rows").EnumerateArray().Select(row => row.Clone())],
            [.. root.GetProperty("statementMs").EnumerateArray().Select(ms => ms.GetDouble())]);
    }

    /// <summary>A SQL string literal: <paramref name="value"/> in single quotes, embedded quotes doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task<string> RequestAsync(string sql, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var server = _server is { HasExited: false } running ? running : _server = StartServer();
            var completed = false;
            try
            {
                await server.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { sql }).AsMemory(), cancellationToken);
                await server.StandardInput.FlushAsync(cancellationToken);
                var answer = await server.StandardOutput.ReadLineAsync(cancellationToken);
                completed = answer is not null;
                return answer ?? throw new InvalidOperationException($"The DuckDB process exited: {ServerErrorText()}");
            }
            finally
            {
                // A cancelled or broken exchange leaves the pipe out of step: start over on the next call.
                if (!completed)
                {
                    StopServer();
                }
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static Process StartServer()
    {
        if (!Directory.Exists(Path.Combine(RepoPaths.NodeModules, "@duckdb", "node-api")))
        {
            throw new InvalidOperationException(
                $"@duckdb/node-api is not installed under {RepoPaths.NodeModules}; run `npm install` in {RepoPaths.Root} first (./test.sh does it).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "tools", "duckdb-query.mjs"));
        start.ArgumentList.Add("--serve");

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.ErrorDataReceived += (_, e) =>
        {
            lock (ServerErrors)
            {
                ServerErrors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);
        return process;
    }

    private static void StopServer()
    {
        if (_server is { } server)
        {
            Stop(server);
            server.Dispose();
            _server = null;
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone or disposed: nothing to stop.
        }
    }

    private static string ServerErrorText()
    {
        lock (ServerErrors)
        {
            return ServerErrors.ToString().Trim();
        }
    }
}
