using System.Diagnostics;
using System.Globalization;
using BatchInference.Testing;
using DuckDB.NET.Data;

namespace BatchInference.Bench.Parquet;

/// <summary>
/// Our Parquet writing (the report adapter over Parquet.Net, Snappy) vs DuckDB's <c>COPY … (FORMAT parquet, COMPRESSION
/// snappy)</c> on the same FOCUS-like spend rows, in the same process and run. Our time covers the writer from the first
/// value to the footer, to a file; DuckDB's time is the COPY statement alone (DuckDB in-process through DuckDB.NET, 2
/// threads, then 1), from a table loaded untimed out of our own file. Best and median of --runs each. Money is
/// DECIMAL(18,12) as the spend report writes it, or DECIMAL(38,12) (a file holding $1,000,000 or more) with --money wide.
/// </summary>
internal sealed class ParquetWriterBenchmark : IBenchmark
{
    public string Name => "parquet";

    public string Description => "our Parquet writer (Parquet.Net) vs DuckDB COPY, FOCUS-like rows [--rows 1000000] [--runs 3] [--money narrow|wide]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var rowCount = arguments.GetInt32("rows", 1_000_000);
        var runs = arguments.GetInt32("runs", 3);
        var wide = arguments.GetString("money", "narrow") switch
        {
            "narrow" => false,
            "wide" => true,
            var other => throw new ArgumentException($"--money is narrow (DECIMAL(18,12)) or wide (DECIMAL(38,12)), not '{other}'."),
        };
        var directory = Directory.CreateTempSubdirectory("bench-parquet-").FullName;
        try
        {
            Console.WriteLine($"Generating {rowCount:N0} rows…");
            var rows = SpendRowGenerator.Generate(rowCount);

            // Warm-up so JIT tiering is not billed to the first timed run.
            await SpendParquetFile.WriteAsync(Stream.Null, rows.AsSpan(0, Math.Min(rowCount, 50_000)).ToArray(), wide, cancellationToken);

            var ours = Path.Combine(directory, "ours.parquet");
            var oursTimes = new List<double>();
            long allocated = 0;
            for (var run = 0; run < runs; run++)
            {
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var stopwatch = Stopwatch.StartNew();
                await using (var file = new FileStream(ours, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    await SpendParquetFile.WriteAsync(file, rows, wide, cancellationToken);
                }

                oursTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            }

            var duck = RunDuckDb(ours, directory, runs);
            var expectedBilled = rows.Sum(r => r.BilledCost);
            Print(rowCount, runs, wide, oursTimes, new FileInfo(ours).Length, allocated, duck, expectedBilled);
            return duck.Sums.All(s => s == expectedBilled) ? 0 : 2;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static DuckDbRuns RunDuckDb(string ours, string directory, int runs)
    {
        using var connection = DuckDbQuery.Open();
        Execute(connection, $"CREATE TABLE t AS SELECT * FROM read_parquet({DuckDbQuery.Literal(ours)})");
        var two = Path.Combine(directory, "duckdb-2.parquet");
        var one = Path.Combine(directory, "duckdb-1.parquet");
        var twoMs = TimeCopies(connection, two, threads: 2, runs);
        var oneMs = TimeCopies(connection, one, threads: 1, runs);
        decimal[] sums = [.. new[] { ours, two, one }.Select(path => (decimal)Scalar(connection, $"SELECT sum(BilledCost) FROM read_parquet({DuckDbQuery.Literal(path)})"))];
        return new DuckDbRuns(twoMs, new FileInfo(two).Length, oneMs, new FileInfo(one).Length, sums);
    }

    private static List<double> TimeCopies(DuckDBConnection connection, string path, int threads, int runs)
    {
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"SET threads TO {threads}"));
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            Execute(connection, $"COPY t TO {DuckDbQuery.Literal(path)} (FORMAT parquet, COMPRESSION snappy)");
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static double Median(List<double> times)
    {
        var sorted = times.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() ?? throw new InvalidOperationException($"No value: {sql}");
    }

    private static void Print(int rowCount, int runs, bool wide, List<double> ours, long oursBytes, long allocated, DuckDbRuns duck, decimal expectedBilled)
    {
        double RowsPerSecond(double ms) => rowCount / (ms / 1000);
        static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0,7:F1} MB";
        var (oursMs, twoMs, oneMs) = (ours.Min(), duck.TwoThreadsMs.Min(), duck.OneThreadMs.Min());

        Console.WriteLine();
        Console.WriteLine($"Parquet write: {rowCount:N0} rows × {SpendParquetFile.Schema.Columns.Count} columns, snappy, money DECIMAL({(wide ? 38 : 18)},12), best of {runs}");
        Console.WriteLine($"  ours (Parquet.Net)  {oursMs,8:F0} ms  {RowsPerSecond(oursMs),12:N0} rows/s  {Mb(oursBytes)}   allocated {Mb(allocated)}");
        Console.WriteLine($"  DuckDB COPY (2 thr) {twoMs,8:F0} ms  {RowsPerSecond(twoMs),12:N0} rows/s  {Mb(duck.TwoThreadsBytes)}");
        Console.WriteLine($"  DuckDB COPY (1 thr) {oneMs,8:F0} ms  {RowsPerSecond(oneMs),12:N0} rows/s  {Mb(duck.OneThreadBytes)}");
        Console.WriteLine($"  ours ÷ DuckDB (2 threads): rows/s {twoMs / oursMs:F2} (goal ≥ 0.5), file size {(double)oursBytes / duck.TwoThreadsBytes:F2} (goal ≤ 1.15)");
        Console.WriteLine($"  ours ÷ DuckDB (1 thread):  rows/s {oneMs / oursMs:F2}, file size {(double)oursBytes / duck.OneThreadBytes:F2}");
        Console.WriteLine($"  medians of {runs}: ours {Median(ours):F0} ms, DuckDB 2 thr {Median(duck.TwoThreadsMs):F0} ms; rows/s ours ÷ DuckDB (2 threads) {Median(duck.TwoThreadsMs) / Median(ours):F2}");
        Console.WriteLine($"  check: SUM(BilledCost) ours / DuckDB 2 thr / DuckDB 1 thr = {string.Join(" / ", duck.Sums)}; C# {expectedBilled}");
    }

    private sealed record DuckDbRuns(List<double> TwoThreadsMs, long TwoThreadsBytes, List<double> OneThreadMs, long OneThreadBytes, IReadOnlyList<decimal> Sums);
}
