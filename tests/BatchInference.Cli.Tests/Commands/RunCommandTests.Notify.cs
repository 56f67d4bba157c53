using System.Text.Json;
using BatchInference.Testing.Webhooks;

namespace BatchInference.Cli.Tests.Commands;

public sealed partial class RunCommandTests
{
    [Fact]
    public async Task Run_LocalWithADeploymentWebhook_DeliversOneSignedEventBeforeItEnds()
    {
        var secret = StandardWebhookVerifier.NewSecret();
        await using var receiver = WebhookReceiver.Start(secret);
        var (inputPath, _) = WriteInput();
        var outDir = Path.Combine(_work, "out-notify");
        var environment = new Dictionary<string, string>
        {
            ["Notify__WebhookSecret"] = secret,
            ["Notify__AllowHttp"] = "true",
            ["Notify__AllowPrivateTargets"] = "true",
            ["Notify__Webhooks__0__Url"] = receiver.Url,
        };

        var run = await BiProcess.RunAsync(_work, Timeout, environment, "run", inputPath, "--local", "--out", outDir);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("Webhooks: 1 of 1 deliveries ended", run.FlatOutput, StringComparison.Ordinal);
        var request = Assert.Single(receiver.Requests);
        Assert.True(request.Verified);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("job.completed_with_errors", body.RootElement.GetProperty("type").GetString());
        var summary = await ReadSummaryAsync(outDir, run);
        Assert.Equal(summary.GetProperty("job_id").GetString(), body.RootElement.GetProperty("data").GetProperty("job_id").GetString());
    }
}
