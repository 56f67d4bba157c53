using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BatchInference.Jobs.Output;
using BatchInference.Ledger.Spend;
using BatchInference.Storage.Local;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

/// <summary>
/// <c>bi run</c> as a user runs it: the built bi.dll in its own process. <see cref="Run_LocalFileWithBadLines_WritesResultsLedgerAndSpendReportIntoOut"/>
/// starts local parts (an Azurite of its own on free ports); it shares the
/// <see cref="LocalPartsCollection"/> with the other such tests so that they run one after another.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed partial class RunCommandTests : IDisposable
{
    private const int DefaultAzuriteBlobPort = 10000;
    private const int GoodLines = 38;
    private const string ChatModel = "gpt-4.1-mini";
    private const string EmbeddingModel = "text-embedding-3-small";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-run-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Run_LocalFileWithBadLines_WritesResultsLedgerAndSpendReportIntoOut()
    {
        var (inputPath, badLines) = WriteInput();
        var outDir = Path.Combine(_work, "out");
        var defaultPortOpenBefore = await AzuriteLauncher.IsListeningAsync("127.0.0.1", DefaultAzuriteBlobPort);

        var run = await BiProcess.RunAsync(
            _work, Timeout, "run", inputPath, "--local", "--out", outDir, "--completion-window", "4h", "--tag", "team=cli-test");
        var started = StartedAzurite().Match(run.FlatOutput);
        try
        {
            Assert.True(run.ExitCode == 0, run.Describe());
            // The Azure SDK reports every expected 404 (a sidecar that is not there) as a warning: not for the user's console.
            Assert.DoesNotContain("Azure.", run.StandardError, StringComparison.Ordinal);

            var summary = await ReadSummaryAsync(outDir, run);
            var jobId = summary.GetProperty("job_id").GetString()!;
            Assert.Equal("completed_with_errors", summary.GetProperty("status").GetString());
            var counts = summary.GetProperty("counts");
            Assert.Equal(GoodLines + badLines.Count, counts.GetProperty("total").GetInt64());
            Assert.Equal(GoodLines, counts.GetProperty("succeeded").GetInt64());
            Assert.Equal(0, counts.GetProperty("failed").GetInt64());
            Assert.Equal(badLines.Count, counts.GetProperty("invalid").GetInt64());
            Assert.Equal(JsonValueKind.Null, summary.GetProperty("failure_reason").ValueKind);
            Assert.Equal(
                summary.GetProperty("created_at").GetDateTimeOffset() + TimeSpan.FromHours(4),
                summary.GetProperty("deadline").GetDateTimeOffset());
            Assert.True(summary.GetProperty("deadline_met").GetBoolean());
            var models = summary.GetProperty("models").EnumerateObject().Select(m => m.Name).Order(StringComparer.Ordinal);
            Assert.Equal([ChatModel, EmbeddingModel], models);

            var output = await ReadOutputAsync(Path.Combine(outDir, "output.jsonl"));
            Assert.Equal(GoodLines, output.Count);
            Assert.Equal(GoodIds(), output.Select(o => o.Line.CustomId!).Order(StringComparer.Ordinal));
            Assert.All(output, o =>
            {
                Assert.StartsWith("batch_req_", o.Line.Id, StringComparison.Ordinal);
                Assert.Null(o.Line.Error);
                Assert.Equal(JsonValueKind.Null, o.Raw.GetProperty("error").ValueKind);
                var response = Assert.IsType<BatchOutputResponse>(o.Line.Response);
                Assert.Equal(200, response.StatusCode);
                Assert.False(string.IsNullOrEmpty(response.RequestId));
                using var body = JsonDocument.Parse(response.Body);
                var isChat = IdNumber(o.Line.CustomId!) % 2 == 0;
                Assert.Equal(isChat ? "chat.completion" : "list", body.RootElement.GetProperty("object").GetString());
                Assert.True(body.RootElement.TryGetProperty("usage", out _), o.Line.CustomId);
            });

            var errors = await ReadOutputAsync(Path.Combine(outDir, "errors.jsonl"));
            Assert.Equal(
                badLines.Select(b => (b.Code, (long?)b.LineNumber)).Order(),
                errors.Select(e => (e.Line.Error!.Code, e.Line.Error.Line)).Order());
            Assert.All(errors, e => Assert.Null(e.Line.Response));

            var ledgerPath = Path.Combine(outDir, "ledger", "part-00000.jsonl");
            Assert.True(File.Exists(ledgerPath), run.Describe());
            var ledger = (await File.ReadAllLinesAsync(ledgerPath)).Where(l => l.Length > 0).Select(l => LedgerJson.FromLine(Encoding.UTF8.GetBytes(l))).ToList();
            Assert.Equal(GoodLines, ledger.Count);
            Assert.Equal(GoodIds(), ledger.Select(e => e.CustomId).Order(StringComparer.Ordinal));
            Assert.All(ledger, e => Assert.Equal("cli-test", e.Tags["team"]));
            Assert.Equal(summary.GetProperty("cost").GetProperty("effective_usd").GetDecimal(), ledger.Sum(e => e.EffectiveCost));

            var spendFiles = Directory.GetFiles(Path.Combine(outDir, "spend"), "*.parquet", SearchOption.AllDirectories);
            Assert.NotEmpty(spendFiles);
            Assert.All(spendFiles, f => Assert.Matches(
                $@"spend/date=\d{{4}}-\d{{2}}-\d{{2}}/part-{Regex.Escape(jobId)}\.parquet$", Path.GetRelativePath(outDir, f).Replace('\\', '/')));
            var spend = (await DuckDbQuery.QueryAsync($"""
                SELECT count(*)::VARCHAR AS n, sum(BilledCost)::VARCHAR AS billed,
                       list(x_CustomId ORDER BY x_CustomId) AS ids, list(DISTINCT Tags) AS tags
                FROM read_parquet({DuckDbQuery.Literal(Path.Combine(outDir, "spend", "date=*", "part-*.parquet"))}, hive_partitioning = true)
                """)).Single();
            Assert.Equal(ledger.Count.ToString(CultureInfo.InvariantCulture), spend.GetProperty("n").GetString());
            Assert.Equal(ledger.Sum(e => e.EffectiveCost), decimal.Parse(spend.GetProperty("billed").GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal(GoodIds(), spend.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!));
            using (var tags = JsonDocument.Parse(Assert.Single(spend.GetProperty("tags").EnumerateArray()).GetString()!))
            {
                Assert.Equal("cli-test", tags.RootElement.GetProperty("team").GetString());
            }

            // The CLI stops what it started: its own Azurite, never one that listens on the default port (somebody
            // else's, on a shared machine).
            Assert.Equal(defaultPortOpenBefore, await AzuriteLauncher.IsListeningAsync("127.0.0.1", DefaultAzuriteBlobPort));
            Assert.True(started.Success, $"bi run did not start an Azurite of its own.\n{run.Describe()}");
            var port = int.Parse(started.Groups["port"].Value, CultureInfo.InvariantCulture);
            Assert.NotEqual(DefaultAzuriteBlobPort, port);
            Assert.False(await AzuriteLauncher.IsListeningAsync("127.0.0.1", port), $"Azurite still listens on {port}.\n{run.Describe()}");

            // Azurite's workspace holds a copy of the whole input and every response: it must go with the process.
            var location = started.Groups["location"].Value;
            Assert.False(Directory.Exists(location), $"bi run left Azurite's data folder {location} behind.");
        }
        finally
        {
            // Not to pile up copies of test data while that folder is left behind (see the assertion above).
            if (started.Groups["location"] is { Success: true, Value: var leftover } && leftover.Contains("azurite-", StringComparison.Ordinal)
                && Directory.Exists(leftover))
            {
                Directory.Delete(leftover, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Run_MissingInputFile_ExitsWithUsageErrorBeforeStartingAnything()
    {
        var outDir = Path.Combine(_work, "never");

        var run = await BiProcess.RunAsync(_work, Timeout, "run", "missing.jsonl", "--local", "--out", outDir);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains($"Input file {Path.Combine(_work, "missing.jsonl")} does not exist.", run.FlatError, StringComparison.Ordinal);
        Assert.DoesNotContain("Azurite", run.FlatOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task Run_MalformedTag_ExitsWithUsageErrorNamingTheTag()
    {
        var (inputPath, _) = WriteInput();
        var outDir = Path.Combine(_work, "never");

        var run = await BiProcess.RunAsync(_work, Timeout, "run", inputPath, "--local", "--out", outDir, "--tag", "team=ok", "--tag", "no-equals-sign");

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("--tag 'no-equals-sign' must look like key=value.", run.FlatError, StringComparison.Ordinal);
        Assert.DoesNotContain("Azurite", run.FlatOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task Run_OutIsAnExistingFile_Exits2BeforeStartingAnything()
    {
        var (inputPath, _) = WriteInput();
        var outFile = Path.Combine(_work, "results.txt");
        await File.WriteAllTextAsync(outFile, "not a folder");

        var run = await BiProcess.RunAsync(_work, Timeout, "run", inputPath, "--local", "--out", outFile, "--completion-window", "4h");

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains($"--out {outFile} is a file", run.FlatError, StringComparison.Ordinal);
        Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("Azurite", run.FlatOutput, StringComparison.Ordinal);
        Assert.Equal("not a folder", await File.ReadAllTextAsync(outFile));
    }

    [Theory]
    [InlineData("--budget", "0")]
    [InlineData("--deadline", "2001-01-01T00:00:00Z")]
    public async Task Run_InvalidSetting_Exits2BeforeStartingAnything(string flag, string value)
    {
        var (inputPath, _) = WriteInput();
        var outDir = Path.Combine(_work, "never");

        var run = await BiProcess.RunAsync(_work, Timeout, "run", inputPath, "--local", "--out", outDir, flag, value);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains(flag, run.FlatError, StringComparison.Ordinal);
        Assert.DoesNotContain("Azurite", run.FlatOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    // 40 lines: chat (even ids) and embeddings (odd ids) on two models, an unparsable line 10 and an image-generation
    // line 27 (an endpoint the pipeline does not run).
    private (string Path, List<(long LineNumber, string Code)> BadLines) WriteInput()
    {
        var lines = new List<string>();
        var bad = new List<(long, string)>();
        var id = 0;
        for (var lineNumber = 1; lineNumber <= GoodLines + 2; lineNumber++)
        {
            switch (lineNumber)
            {
                case 10:
                    lines.Add("""{"custom_id": "broken", "method": "POST", "url": "/v1/chat/completions", "body": {"model": """);
                    bad.Add((lineNumber, "invalid_json"));
                    break;
                case 27:
                    lines.Add("""{"custom_id": "image", "method": "POST", "url": "/v1/images/generations", "body": {"model": "gpt-image-1", "prompt": "a cat"}}""");
                    bad.Add((lineNumber, "unsupported_url"));
                    break;
                default:
                    lines.Add(GoodLine(id++));
                    break;
            }
        }

        var path = Path.Combine(_work, "small-job.jsonl");
        File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        return (path, bad);
    }

    private static string GoodLine(int n) => n % 2 == 0
        ? $$$"""{"custom_id": "{{{Id(n)}}}", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "{{{ChatModel}}}", "messages": [{"role": "system", "content": "Classify the ticket."}, {"role": "user", "content": "Ticket {{{n}}}: my parcel is late."}], "max_tokens": 20}}"""
        : $$$"""{"custom_id": "{{{Id(n)}}}", "method": "POST", "url": "/v1/embeddings", "body": {"model": "{{{EmbeddingModel}}}", "input": "Ticket {{{n}}}: refund please."}}""";

    private static string Id(int n) => string.Create(CultureInfo.InvariantCulture, $"req-{n:D3}");

    private static int IdNumber(string customId) => int.Parse(customId.AsSpan(4), CultureInfo.InvariantCulture);

    private static IEnumerable<string> GoodIds() =>
        Enumerable.Range(0, GoodLines).Select(Id).Order(StringComparer.Ordinal);

    private static async Task<JsonElement> ReadSummaryAsync(string outDir, BiProcessResult run)
    {
        var path = Path.Combine(outDir, "summary.json");
        Assert.True(File.Exists(path), run.Describe());
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        return document.RootElement.Clone();
    }

    private static async Task<List<(BatchOutputLine Line, JsonElement Raw)>> ReadOutputAsync(string path)
    {
        Assert.True(File.Exists(path), path);
        var raw = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).Select(CloneJson).ToList();
        var parsed = new List<BatchOutputLine>();
        await using (var file = File.OpenRead(path))
        {
            await foreach (var line in BatchOutputReader.ReadAsync(file))
            {
                parsed.Add(line);
            }
        }

        Assert.Equal(raw.Count, parsed.Count);
        Assert.All(raw, r => Assert.Equal(["custom_id", "error", "id", "response"], r.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        return [.. parsed.Zip(raw)];
    }

    private static JsonElement CloneJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [GeneratedRegex(@"started Azurite at http://127\.0\.0\.1:(?<port>\d+)/\S* \(pid \d+, data in (?<location>[^,\s]+),")]
    private static partial Regex StartedAzurite();
}
