using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Serving;

/// <summary>
/// The official <c>openai</c> npm package (node_modules, pinned in package-lock.json) against <c>bi serve --local</c>'s
/// server: tests/tools/openai-batch-flow.mjs runs the flow as a user's script would and prints what the SDK saw.
/// </summary>
public sealed class OpenAINodeSdkTests(RunningServeFixture server) : IClassFixture<RunningServeFixture>
{
    [Fact]
    public async Task BatchFlow_NodeSdk_CompletesDownloadsPaginatesAndGetsOpenAIsErrors()
    {
        var input = Path.Combine(Path.GetTempPath(), $"bi-node-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllBytesAsync(input, SdkRequests.ChatFile(4));
        JsonObject seen;
        try
        {
            seen = await RunAsync(server.BaseAddress.ToString(), ServeFixture.KeyA, input, "/v1/chat/completions");
        }
        finally
        {
            File.Delete(input);
        }

        Assert.Equal("validating", seen["created_status"]!.GetValue<string>());
        var batch = seen["batch"]!;
        Assert.Equal("completed", batch["status"]!.GetValue<string>());
        Assert.Equal("node", batch["metadata"]!["run"]!.GetValue<string>());
        Assert.Equal(4, batch["request_counts"]!["completed"]!.GetValue<long>());
        Assert.Equal(2, batch["request_counts"]!["failed"]!.GetValue<long>());
        Assert.Equal("batch", seen["file"]!["purpose"]!.GetValue<string>());

        var output = seen["output"]!.GetValue<string>().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["req-1", "req-2", "req-3", "req-4"], output.Select(l => l["custom_id"]!.GetValue<string>()));
        Assert.All(output, l => Assert.Equal("chat.completion", l["response"]!["body"]!["object"]!.GetValue<string>()));
        var errors = seen["errors"]!.GetValue<string>().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal([5L, 6L], errors.Select(l => l["error"]!["line"]!.GetValue<long>()));

        Assert.Contains(batch["id"]!.GetValue<string>(), seen["listed"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains(batch["output_file_id"]!.GetValue<string>(), seen["files_listed"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(404, seen["unknown_file"]!["status"]!.GetValue<int>());
        Assert.Equal("invalid_request_error", seen["unknown_file"]!["error"]!["type"]!.GetValue<string>());
        Assert.Equal(401, seen["wrong_key"]!["status"]!.GetValue<int>());
        Assert.Equal("invalid_api_key", seen["wrong_key"]!["error"]!["code"]!.GetValue<string>());
    }

    private static async Task<JsonObject> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "tools", "openai-batch-flow.mjs"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"node exited {process.ExitCode}: {await stderr}");
        return JsonNode.Parse(await stdout)!.AsObject();
    }
}
