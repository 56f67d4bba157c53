using System.Diagnostics;
using System.Globalization;
using BatchInference.Ledger.Parquet;
using BatchInference.Testing;

namespace BatchInference.Bench.Parquet;

/// <summary>
/// Our Parquet writer vs DuckDB's COPY … (FORMAT parquet) on the same FOCUS-like spend rows, same codec. Our
/// time covers the writer from the first value to the footer, to a file; DuckDB's time is the COPY statement alone,
/// measured inside node, from a table loaded (untimed) out of our own file. Best of --runs each.
/// </summary>
internal sealed class ParquetWriterBenchmark : IBenchmark
{
    public string Name => "parquet";

    public string Description => "our Parquet writer vs DuckDB COPY, FOCUS-like rows [--rows 1000000] [--runs 3] [--compression snappy|gzip|uncompressed]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var rowCount = arguments.GetInt32("rows", 1_000_000);
        var runs = arguments.GetInt32("runs", 3);
        var codec = arguments.GetString("compression", "snappy").ToLowerInvariant();
        var compression = codec switch
        {
            "snappy" => ParquetCompression.Snappy,
            "gzip" => ParquetCompression.Gzip,
            "uncompressed" => ParquetCompression.Uncompressed,
            _ => throw new ArgumentException($"--compression must be snappy, gzip or uncompressed, got '{codec}'."),
        };
        var directory = Directory.CreateTempSubdirectory("bench-parquet-").FullName;
        try
        {
            Console.WriteLine($"Generating {rowCount:N0} rows…");
            var rows = SpendRowGenerator.Generate(rowCount);
            var options = new ParquetWriterOptions { Compression = compression };

            // Warm-up so JIT tiering is not billed to the first timed run.
            await SpendParquetFile.WriteAsync(Stream.Null, rows.AsSpan(0, Math.Min(rowCount, 50_000)).ToArray(), options, cancellationToken);

            var ours = Path.Combine(directory, "ours.parquet");
            var oursTimes = new List<double>();
            long allocated = 0;
            for (var run = 0; run < runs; run++)
            {
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var stopwatch = Stopwatch.StartNew();
                await using (var file = new FileStream(ours, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    await SpendParquetFile.WriteAsync(file, rows, options, cancellationToken);
                }

                oursTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            }

            var duck = await RunDuckDbAsync(ours, directory, runs, codec, cancellationToken);
            var expectedBilled = rows.Sum(r => r.BilledCost).ToString("F10", CultureInfo.InvariantCulture);
            Print(rowCount, runs, codec, oursTimes.Min(), new FileInfo(ours).Length, allocated, duck, expectedBilled);
            return duck.Check.Contains(expectedBilled, StringComparison.Ordinal) ? 0 : 2;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<DuckDbRuns> RunDuckDbAsync(
        string ours, string directory, int runs, string codec, CancellationToken cancellationToken)
    {
        var multi = Path.Combine(directory, "duckdb-multi.parquet");
        var single = Path.Combine(directory, "duckdb-single.parquet");
        var copyMulti = $"COPY t TO {DuckDbQuery.Literal(multi)} (FORMAT parquet, COMPRESSION {codec});";
        var copySingle = $"COPY t TO {DuckDbQuery.Literal(single)} (FORMAT parquet, COMPRESSION {codec});";
        string Sum(string path) => $"(SELECT count(*) || ' rows, SUM(BilledCost)=' || sum(BilledCost) FROM read_parquet({DuckDbQuery.Literal(path)}))";

        // Statement order: 0 load, 1 set threads, runs × COPY, 1 set threads, runs × COPY, final check.
        var sql = string.Join('\n',
        [
            $"CREATE TABLE t AS SELECT * FROM read_parquet({DuckDbQuery.Literal(ours)});",
            $"SET threads TO {Environment.ProcessorCount};",
            .. Enumerable.Repeat(copyMulti, runs),
            "SET threads TO 1;",
            .. Enumerable.Repeat(copySingle, runs),
            $"SELECT 'ours: ' || {Sum(ours)} || ' | duckdb: ' || {Sum(multi)} || ' | duckdb 1 thread: ' || {Sum(single)} AS check;",
        ]);

        var result = await DuckDbQuery.QueryTimedAsync(sql, cancellationToken);
        var ms = result.StatementMilliseconds;
        return new DuckDbRuns(
            ms.Skip(2).Take(runs).Min(),
            new FileInfo(multi).Length,
            ms.Skip(3 + runs).Take(runs).Min(),
            new FileInfo(single).Length,
            result.Rows[0].GetProperty("check").GetString() ?? string.Empty);
    }

    private static void Print(int rowCount, int runs, string codec, double oursMs, long oursBytes, long allocated, DuckDbRuns duck, string expectedBilled)
    {
        double RowsPerSecond(double ms) => rowCount / (ms / 1000);
        static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0,7:F1} MB";

        Console.WriteLine();
        Console.WriteLine($"Parquet write: {rowCount:N0} rows × {SpendParquetFile.Schema.Columns.Count} columns, {codec}, best of {runs}");
        Console.WriteLine($"  ours              (1 thread)  {oursMs,8:F0} ms  {RowsPerSecond(oursMs),12:N0} rows/s  {Mb(oursBytes)}   allocated {Mb(allocated)}");
        Console.WriteLine($"  DuckDB COPY       ({Environment.ProcessorCount} threads) {duck.MultiMs,8:F0} ms  {RowsPerSecond(duck.MultiMs),12:N0} rows/s  {Mb(duck.MultiBytes)}");
        Console.WriteLine($"  DuckDB COPY       (1 thread)  {duck.SingleMs,8:F0} ms  {RowsPerSecond(duck.SingleMs),12:N0} rows/s  {Mb(duck.SingleBytes)}");
        Console.WriteLine($"  ours ÷ DuckDB ({Environment.ProcessorCount} threads): rows/s {duck.MultiMs / oursMs:F2}, file size {(double)oursBytes / duck.MultiBytes:F2}");
        Console.WriteLine($"  ours ÷ DuckDB (1 thread):  rows/s {duck.SingleMs / oursMs:F2}, file size {(double)oursBytes / duck.SingleBytes:F2}");
        Console.WriteLine($"  check: {duck.Check}; C# SUM(BilledCost)={expectedBilled}");
    }

    private sealed record DuckDbRuns(double MultiMs, long MultiBytes, double SingleMs, long SingleBytes, string Check);
}
