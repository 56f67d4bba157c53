using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace BatchInference.Testing;

/// <summary>
/// Reads a Parquet file with hyparquet through <c>tests/tools/hyparquet-query.mjs</c>: a second reader, pure
/// JavaScript and independent of DuckDB, so a file both accept is not just shaped to one reader's leniencies.
/// Values come back exact: INT64 and DECIMAL as strings, timestamps as ISO 8601 UTC with microseconds, raw byte
/// arrays as uppercase hex, non-finite doubles and -0 as strings (see the script's header). One node process per
/// call (hyparquet loads in well under a second).
/// </summary>
public static class HyparquetQuery
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Every row of the file, in file order, as one JSON object per row keyed by column name.</summary>
    /// <exception cref="InvalidOperationException">hyparquet rejected the file (its message is included) or node_modules is missing.</exception>
    public static Task<IReadOnlyList<JsonElement>> ReadRowsAsync(string path, CancellationToken cancellationToken = default) =>
        RunAsync(path, metadata: false, cancellationToken);

    /// <summary>
    /// One JSON object per column chunk as hyparquet parses the footer: <c>row_group</c>, <c>column</c>,
    /// <c>codec</c>, <c>num_values</c>, <c>encodings</c>, <c>dictionary_page_offset</c>, <c>data_page_offset</c>,
    /// <c>encoding_stats</c>.
    /// </summary>
    public static Task<IReadOnlyList<JsonElement>> ReadChunkMetadataAsync(string path, CancellationToken cancellationToken = default) =>
        RunAsync(path, metadata: true, cancellationToken);

    private static async Task<IReadOnlyList<JsonElement>> RunAsync(string path, bool metadata, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!Directory.Exists(Path.Combine(RepoPaths.NodeModules, "hyparquet")))
        {
            throw new InvalidOperationException(
                $"hyparquet is not installed under {RepoPaths.NodeModules}; run `npm install` in {RepoPaths.Root} first (./test.sh does it).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "tools", "hyparquet-query.mjs"));
        if (metadata)
        {
            start.ArgumentList.Add("--metadata");
        }

        start.ArgumentList.Add(Path.GetFullPath(path));

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"hyparquet failed on {path}: {(await stderr).Trim()}");
            }

            return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseLine)];
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static JsonElement ParseLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
