using System.Diagnostics;
using System.Globalization;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.History;

namespace BatchInference.Bench.History;

/// <summary>
/// What the throughput tally adds to the merge per ledger line: the merge already parses every line
/// (<see cref="LedgerJson.FromLine"/>), the baseline; the tally then adds each entry. Prints both per line and their ratio.
/// </summary>
internal sealed class ThroughputTallyBenchmark : IBenchmark
{
    public string Name => "throughput-tally";

    public string Description => "tally cost per ledger line vs the merge's parse of it [--lines 1000000] [--shards 100] [--rounds 3]";

    public Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var count = arguments.GetInt32("lines", 1_000_000);
        var shards = arguments.GetInt32("shards", 100);
        var rounds = arguments.GetInt32("rounds", 3);
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var lines = Enumerable.Range(0, count).Select(i => LedgerJson.ToLine(new LedgerEntry(
            "job", "req-" + i, i + 1, 1, "openai", i % 2 == 0 ? "gpt-4.1-mini" : "gpt-4o-mini", "realtime", "req_" + i, "openai/gpt-4.1-mini/realtime",
            120, 0, 40, 0, 0.0001m, 0.0001m, "USD", "v", t0.AddMilliseconds(i), t0.AddMilliseconds(i + 800), new Dictionary<string, string>()))).ToArray();
        for (var round = 1; round <= rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entries = new LedgerEntry[count];
            var parse = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                entries[i] = LedgerJson.FromLine(lines[i]);
            }

            parse.Stop();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var tally = new ThroughputTally();
            var add = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                tally.Add(i % shards, i, entries[i]);
            }

            var samples = tally.Samples("job").Count;
            add.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: parse {Ns(parse, count):0} ns/line, tally {Ns(add, count):0.0} ns/line (tally ÷ parse {add.Elapsed / parse.Elapsed:0.000}), tally allocated {allocated} B, {samples} samples"));
        }

        return Task.FromResult(0);
    }

    private static double Ns(Stopwatch watch, int count) => watch.Elapsed.TotalNanoseconds / count;
}
