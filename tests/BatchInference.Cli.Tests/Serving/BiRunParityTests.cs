#pragma warning disable OPENAI001 // The SDK marks its batch client experimental; the batch API is what these tests drive.
using System.Text.Json.Nodes;
using BatchInference.Cli.Composition;
using OpenAI.Files;
using Spectre.Console;

namespace BatchInference.Cli.Tests.Serving;

/// <summary>Results through the Batch API equal the same file run as <c>bi run</c> runs it, on the same engine.</summary>
public sealed class BiRunParityTests(RunningServeFixture server) : IClassFixture<RunningServeFixture>
{
    [Fact]
    public async Task BatchFlow_SameFileAsBiRun_SameAnswersPlanAndCost()
    {
        var input = SdkRequests.ChatFile(6, badLines: true);
        var client = SdkRequests.Client(server, ServeFixture.KeyA);
        var files = client.GetOpenAIFileClient();
        OpenAIFile file = await files.UploadFileAsync(BinaryData.FromBytes(input), "same.jsonl", FileUploadPurpose.Batch);
        var (job, _) = await OpenAIDotNetSdkTests.RunToEndAsync(client.GetBatchClient(), SdkRequests.CreateBody(file.Id));
        var viaApi = SdkRequests.Lines(await files.DownloadFileAsync(job.OutputFileId));
        var apiErrors = SdkRequests.Lines(await files.DownloadFileAsync(job.ErrorFileId));

        // bi run's path: the file uploaded as a drop with the settings the API gave its job, run on the same engine.
        var folder = Directory.CreateTempSubdirectory("bi-serve-");
        using var removeFolder = new FolderRemoval(folder);
        var path = Path.Combine(folder.FullName, "same.jsonl");
        await File.WriteAllBytesAsync(path, input);
        var sidecar = "{\"completion_window\":\"24h\",\"tags\":{\"team\":\"alpha\",\"cost_center\":\"42\"}}"u8.ToArray();
        var silent = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        var run = await new FileJobSession(server.Pipeline, silent, TimeProvider.System).RunAsync(path, sidecar, Path.Combine(folder.FullName, "out"), CancellationToken.None);
        var viaRun = (await File.ReadAllLinesAsync(Path.Combine(folder.FullName, "out", "output.jsonl"))).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var runErrors = (await File.ReadAllLinesAsync(Path.Combine(folder.FullName, "out", "errors.jsonl"))).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

        Assert.Equal(viaRun.Select(WithoutIds), viaApi.Select(WithoutIds));
        Assert.Equal(runErrors.Select(WithoutIds), apiErrors.Select(WithoutIds));
        var apiSummary = await server.Pipeline.Engine.GetSummaryAsync("job_" + job.Id["batch_".Length..]);
        Assert.NotNull(apiSummary);
        Assert.Equal(run.Summary.Counts, apiSummary.Counts);
        Assert.Equal(run.Summary.Tokens, apiSummary.Tokens);
        Assert.Equal(run.Summary.Tiers, apiSummary.Tiers);
        Assert.Equal(run.Summary.Cost.EffectiveUsd, apiSummary.Cost.EffectiveUsd);
        Assert.Equal(run.Summary.Cost.ListUsd, apiSummary.Cost.ListUsd);
        Assert.True(apiSummary.Cost.EffectiveUsd > 0);
    }

    private sealed class FolderRemoval(DirectoryInfo folder) : IDisposable
    {
        public void Dispose() => folder.Delete(recursive: true);
    }

    // The ids each call makes up (the line's, the provider's request and completion ids) differ between two runs.
    private static string WithoutIds(JsonObject line)
    {
        var copy = line.DeepClone().AsObject();
        copy.Remove("id");
        if (copy["response"] is JsonObject response)
        {
            response.Remove("request_id");
            if (response["body"] is JsonObject body)
            {
                body.Remove("id");
                body.Remove("created");
            }
        }

        return copy.ToJsonString();
    }
}
