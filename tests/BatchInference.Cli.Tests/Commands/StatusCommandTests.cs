using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

[Collection(AzuriteFixture.CollectionName)]
public sealed class StatusCommandTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Status_UnknownJob_Exits2NamingTheJob()
    {
        await using var parts = await ConfiguredParts.StartAsync(azurite);

        var status = await parts.RunBiAsync(Timeout, "status", "job_000000000000000000000000");

        Assert.True(status.ExitCode == 2, status.Describe());
        Assert.Contains("No job 'job_000000000000000000000000' in this storage account.", status.FlatError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", status.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_SubmittedJobWithoutWorkers_ShowsItPendingAndExits0()
    {
        await using var parts = await ConfiguredParts.StartAsync(azurite);
        var input = parts.WriteInput("waiting.jsonl", 3);
        var submit = await parts.RunBiAsync(Timeout, "submit", input, "--completion-window", "4h");
        Assert.True(submit.ExitCode == 0, submit.Describe());
        var jobId = submit.StandardOutput.Trim();

        var status = await parts.RunBiAsync(Timeout, "status", jobId);

        Assert.True(status.ExitCode == 0, status.Describe());
        Assert.Matches("Status │ pending │", status.FlatOutput);
        Assert.Matches("Source │ jobs/incoming/waiting-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}\\.jsonl │", status.FlatOutput);
        Assert.Matches("Lines │ not split yet │", status.FlatOutput);
        Assert.Matches("Cancel requested │ no │", status.FlatOutput);
    }
}
