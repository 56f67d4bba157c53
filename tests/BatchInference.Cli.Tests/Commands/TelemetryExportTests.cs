using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using BatchInference.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Cli.Tests.Commands;

/// <summary>
/// OTLP export as an operator turns it on: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> on a real <c>bi</c> process, received by
/// a loopback HTTP endpoint that accepts OTLP/HTTP posts the way a collector does.
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
        await File.WriteAllTextAsync(input, string.Concat(Enumerable.Range(0, 5).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"custom_id":"r{{{i}}}","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4.1-mini","max_tokens":8,"messages":[{"role":"user","content":"hi {{{i}}}"}]}}""") + "\n")),
            Encoding.UTF8);
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
}
