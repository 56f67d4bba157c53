using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using BatchInference.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Cli.Tests.Commands;

/// <summary>
/// Telemetry export as an operator turns it on, on a real <c>bi</c> process: OTLP (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>)
/// received by a loopback endpoint that accepts OTLP/HTTP posts the way a collector does, and Application Insights
/// (<c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>) received by a loopback ingestion endpoint named in the connection string.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed class TelemetryExportTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-otlp-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Run_OtlpEndpointSet_ExportsTracesAndMetricsOfTheJob()
    {
        var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (body.Length > 0)
            {
                received.AddOrUpdate(signal, 1, (_, n) => n + 1);
            }

            return Results.Ok();
        });
        await collector.StartAsync();
        var input = Path.Combine(_work, "in.jsonl");
        await File.WriteAllTextAsync(input, Lines(5), Encoding.UTF8);
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.First(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "bi-test",
        };

        var run = await BiProcess.RunAsync(
            _work, TimeSpan.FromSeconds(120), environment, "run", input, "--local", "--out", Path.Combine(_work, "out"), "--completion-window", "1m");

        Assert.True(run.ExitCode == 0, run.Describe());
        await Poll.UntilAsync(() => Task.FromResult(received.ContainsKey("traces") && received.ContainsKey("metrics")),
            "the exporter to post traces and metrics", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Run_AppInsightsConnectionStringSet_ExportsSpansAndMetricsToTheIngestionEndpoint()
    {
        var envelopes = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var ingestion = builder.Build();
        ingestion.MapPost("/v2.1/track", async (HttpRequest request) =>
        {
            // The exporter posts gzip-compressed newline-delimited JSON envelopes, as to the real ingestion endpoint.
            Stream body = request.Headers.ContentEncoding == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
            using var reader = new StreamReader(body);
            var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in lines)
            {
                envelopes.Enqueue(line);
            }

            return Results.Json(new { itemsReceived = lines.Length, itemsAccepted = lines.Length, errors = Array.Empty<object>() });
        });
        await ingestion.StartAsync();
        var input = Path.Combine(_work, "in.jsonl");
        await File.WriteAllTextAsync(input, Lines(5), Encoding.UTF8);
        var environment = new Dictionary<string, string>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={ingestion.Urls.First()}/",
        };

        var run = await BiProcess.RunAsync(
            _work, TimeSpan.FromSeconds(120), environment, "run", input, "--local", "--out", Path.Combine(_work, "out"), "--completion-window", "1m");

        Assert.True(run.ExitCode == 0, run.Describe());
        await Poll.UntilAsync(() => Task.FromResult(envelopes.Any(e => e.Contains("\"ai.operation.name\":\"ShardSlice\"", StringComparison.Ordinal))
                && envelopes.Any(e => e.StartsWith("{\"name\":\"Metric\"", StringComparison.Ordinal) && e.Contains("\"bi.", StringComparison.Ordinal))),
            "the Azure Monitor exporter to post the shard's ShardSlice activity span and the pipeline's metrics", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(envelopes, e => e.Contains("hi 0", StringComparison.Ordinal));
    }

    private static string Lines(int count) => string.Concat(Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture,
        $$$"""{"custom_id":"r{{{i}}}","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4.1-mini","max_tokens":8,"messages":[{"role":"user","content":"hi {{{i}}}"}]}}""") + "\n"));
}
