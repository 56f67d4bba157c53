using System.CommandLine;
using System.Globalization;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Demo;
using BatchInference.Cli.Local;
using BatchInference.Cli.Views;
using BatchInference.Emulator;
using BatchInference.Emulator.Usage;
using BatchInference.Jobs.Summary;
using BatchInference.Ledger.Pricing;
using BatchInference.Ledger.Reconciliation;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Reports;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Local;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi demo</c>: a sample job end to end on local parts — Azurite and the provider emulator with rate limits and
/// injected server errors switched on, so retries and 429 handling are part of what the demo shows — on Durable Task
/// orchestrations as in Azure: the sample is dropped into <c>jobs/incoming/</c>, a local drop trigger starts the job's
/// orchestration, and a Durable Task worker in this process runs the job and shard orchestrations and their activities.
/// </summary>
internal static class DemoCommand
{
    private const int DemoShardLines = 500;
    private const string DemoAdminKey = "demo-admin-key"; // the local emulator's usage API; never a real key

    public static Command Create(IConfiguration configuration)
    {
        var lines = new Option<int>("--lines") { Description = "Good request lines in the sample job.", DefaultValueFactory = _ => 2_000 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for the local copy of results (default ./bi-demo-<time>)." };
        var command = new Command("demo", "Run a generated sample job end to end on Durable Task orchestrations (a local drop trigger and worker) on Azurite and the provider emulator.") { lines, output };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var console = Consoles.Out;
            var time = TimeProvider.System;
            var outDir = parse.GetValue(output)?.FullName
                ?? Path.Combine(Directory.GetCurrentDirectory(), string.Create(CultureInfo.InvariantCulture, $"bi-demo-{time.GetUtcNow():yyyyMMdd-HHmmss}"));
            console.Write(new Rule("[bold]BatchInference demo[/]").LeftJustified());

            var emulator = new EmulatorOptions
            {
                Latency = TimeSpan.FromMilliseconds(20),
                LatencyJitter = TimeSpan.FromMilliseconds(60),
                RequestsPerMinute = 150,
                RateLimitWindow = TimeSpan.FromSeconds(1),
                ServerErrorRate = 0.03,
                Seed = 7,
                AdminApiKey = DemoAdminKey,
                Prices = [.. PriceCatalog.BuiltIn().Prices.Where(p => p.Provider == "openai" && p.Tier == "realtime")
                    .Select(p => new UsagePrice(p.Model, p.InputPerMillion, p.CachedInputPerMillion, p.OutputPerMillion))],
            };
            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));

            // Several shards even for the small sample, so the demo shows fan-out and fan-in; the checkpoints are kept
            // so that they can be counted (and looked at) afterwards.
            var shardLinesConfigured = configuration[$"{EngineOptions.SectionName}:{nameof(EngineOptions.ShardMaxLines)}"] is not null;
            await using var pipeline = await Pipeline.StartAsync(
                configuration,
                new PipelineSettings
                {
                    Local = true,
                    LocalStorage = LocalStorageMode.StartPrivate,
                    LocalEmulator = emulator,
                    PrivateTaskHub = true,
                    ConfigureEngine = engine =>
                    {
                        engine.KeepWorkFiles = true;
                        engine.ShardMaxLines = shardLinesConfigured ? engine.ShardMaxLines : DemoShardLines;
                    },
                },
                console,
                loggers,
                cancellationToken);
            var parts = pipeline.Local!;
            var emulatorServer = parts.Emulator!;
            console.MarkupLine("Emulator: 150 requests/s limit (answered with 429 + retry-after), 3 % injected 5xx, 20–80 ms latency");

            DropJobResult result;
            using (var sampleDir = OwnedTempFolder.Create("bi-demo-"))
            {
                var samplePath = Path.Combine(sampleDir.Path, "sample.jsonl");
                await using (var sample = File.Create(samplePath))
                {
                    await SampleJobGenerator.WriteAsync(sample, parse.GetValue(lines), cancellationToken);
                }

                var sidecar = SidecarSettings.Build(null, "4h", null, ["team=demo", "project=walking-skeleton"]);
                result = await new DropJobSession(pipeline, console, loggers, time).RunAsync(samplePath, sidecar, outDir, cancellationToken);
            }

            var summary = result.Summary;
            var requests = emulatorServer.RequestLog.Snapshot();
            var ledgerLines = Directory.Exists(Path.Combine(outDir, "ledger"))
                ? Directory.GetFiles(Path.Combine(outDir, "ledger")).Sum(f => File.ReadLines(f).LongCount())
                : 0;
            SummaryView.Write(console, summary,
            [
                ("Provider calls (incl. retries)", requests.Count.ToString("N0", CultureInfo.InvariantCulture)),
                ("  429 rate limited / 5xx", $"{requests.Count(r => r.StatusCode == 429):N0} / {requests.Count(r => r.StatusCode >= 500):N0}"),
                ("  billable at provider", emulatorServer.RequestLog.BillableCount.ToString("N0", CultureInfo.InvariantCulture)),
                ("Ledger lines (paid attempts)", ledgerLines.ToString("N0", CultureInfo.InvariantCulture)),
            ]);

            console.MarkupLineInterpolated($"{result.Orchestrations}");
            var checkpoints = await CountCheckpointPartsAsync(pipeline.Blobs, summary.JobId, cancellationToken);
            var shards = (await pipeline.Engine.GetStatusAsync(summary.JobId, cancellationToken))?.Shards ?? [];
            var tiers = string.Join(", ", shards.GroupBy(s => s.Tier ?? "?").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
            console.MarkupLineInterpolated(
                $"Shards: {result.Job.ShardCount ?? 0} ({tiers}; the plan is in {StorageLayout.WorkContainer}/{summary.JobId}/plan.json), checkpoints: {checkpoints} parts (kept in {StorageLayout.WorkContainer}/{summary.JobId}/shards/)");

            // The nightly reconciliation, on the demo's own job: its ledger against the emulator's usage and cost APIs.
            using var http = new HttpClient();
            var usage = new ProviderUsageClient(http, new ProviderUsageClientOptions { BaseAddress = emulatorServer.BaseAddress, AdminApiKey = DemoAdminKey });
            var reconciled = await new DailyReconciliation(pipeline.Blobs, usage, new ReconciliationThresholds())
                .ReconcileAsync(DateOnly.FromDateTime(summary.StartedAt!.Value.UtcDateTime), summary.JobId, cancellationToken);
            var flagged = reconciled.Count(r => r.Flagged);
            var verdict = flagged == 0 ? "[green]none flagged[/]" : string.Create(CultureInfo.InvariantCulture, $"[red]{flagged} flagged[/]");
            console.MarkupLine(string.Create(
                CultureInfo.InvariantCulture, $"Reconciliation with the provider's usage and cost APIs: {reconciled.Count} model/tier rows, {verdict}"));
            foreach (var row in reconciled.Where(r => r.Flagged))
            {
                console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                    $"  [red]{row.Provider} {row.Model} {row.Tier}[/]: {row.FlagReasons}; requests {row.LedgerRequests:N0} ledger / {row.ProviderRequests:N0} provider, tokens {row.LedgerInputTokens + row.LedgerOutputTokens:N0} / {row.ProviderInputTokens + row.ProviderOutputTokens:N0}, cost {row.LedgerCost:0.######} / {row.ProviderCost:0.######}");
            }


            var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), outDir);
            console.MarkupLineInterpolated($"Results copied to [blue]{relative}/[/]: output.jsonl, errors.jsonl, summary.json, ledger/, spend/");
            var queryPath = Path.Combine(outDir, "spend-by-model.sql");
            await File.WriteAllTextAsync(queryPath, $"""
                SELECT x_Model, x_Tier, count(*) AS requests,
                       sum(x_InputTokens) AS input_tokens, sum(x_CachedInputTokens) AS cached_tokens,
                       sum(x_OutputTokens) AS output_tokens, sum(BilledCost) AS billed_usd
                FROM read_parquet('{relative}/spend/*/*.parquet', hive_partitioning = true, union_by_name = true)
                GROUP BY ALL ORDER BY billed_usd DESC;

                """, cancellationToken);
            var queryRelative = Path.GetRelativePath(Directory.GetCurrentDirectory(), queryPath);
            console.MarkupLineInterpolated($"Spend by model, with DuckDB ([blue]{queryRelative}[/]):");
            console.MarkupLineInterpolated($"  duckdb < {queryRelative}");
            console.MarkupLineInterpolated($"  node tests/tools/duckdb-query.mjs < {queryRelative}     [grey](no DuckDB CLI needed: uses the npm package)[/]");
            return summary.Status == JobSummaryStatus.Failed || emulatorServer.RequestLog.BillableCount != ledgerLines || flagged > 0 ? 1 : 0;
        }));
        return command;
    }

    private static async Task<int> CountCheckpointPartsAsync(IBlobStore blobs, string jobId, CancellationToken cancellationToken)
    {
        var parts = 0;
        await foreach (var item in blobs.ListAsync(StorageLayout.WorkContainer, StorageLayout.ShardsPrefix(jobId), cancellationToken: cancellationToken))
        {
            if (StorageLayout.PartNumber(item.Name) is not null)
            {
                parts++;
            }
        }

        return parts;
    }
}
