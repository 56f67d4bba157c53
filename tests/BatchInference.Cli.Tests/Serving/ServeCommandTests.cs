#pragma warning disable OPENAI001 // The SDK marks its batch client experimental; the batch API is what these tests drive.
using System.Text.RegularExpressions;
using BatchInference.Cli.Tests.Commands;
using OpenAI.Files;

namespace BatchInference.Cli.Tests.Serving;

/// <summary>The README's command, <c>bi serve --local</c>, as a process: the official .NET SDK runs a batch through it, and
/// SIGTERM stops it cleanly.</summary>
[Collection(LocalPartsCollection.Name)]
public sealed partial class ServeCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-serve-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task ServeLocal_SdkRunsABatchToCompletion_StopsOnSigterm()
    {
        // The working folder gives it a runtime folder of its own: the Azurite it publishes there no other test finds.
        await using var serve = BiProcess.Start(_work, null, "serve", "--local", "--port", "0", "--api-key", "sk-process");
        await serve.WaitForOutputAsync("Base URL: ", Timeout);
        await serve.WaitForOutputAsync("/v1", Timeout);
        var server = new Uri(ServingAt().Match(serve.StandardOutput).Groups[1].Value);

        var client = new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential("sk-process"), new OpenAI.OpenAIClientOptions { Endpoint = server });
        OpenAIFile file = await client.GetOpenAIFileClient().UploadFileAsync(BinaryData.FromBytes(SdkRequests.ChatFile(2, badLines: false)), "p.jsonl", FileUploadPurpose.Batch);
        var (job, raw) = await OpenAIDotNetSdkTests.RunToEndAsync(client.GetBatchClient(), SdkRequests.CreateBody(file.Id));
        var output = SdkRequests.Lines(await client.GetOpenAIFileClient().DownloadFileAsync(job.OutputFileId));
        var stopped = await serve.StopAsync(Timeout);

        Assert.Equal("completed", raw["status"]!.GetValue<string>());
        Assert.Equal(["req-1", "req-2"], output.Select(l => l["custom_id"]!.GetValue<string>()));
        Assert.Equal(0, stopped.ExitCode);
    }

    [Fact]
    public async Task Serve_NotLocalWithoutKeys_Exits2NamingTheSetting()
    {
        var result = await BiProcess.RunAsync(_work, Timeout, "serve", "--port", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Api__Keys__", result.StandardError, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Base URL: (?:\x1b\[[0-9;]*m)?(http://[^\s\x1b]+/v1)")]
    private static partial Regex ServingAt();
}
