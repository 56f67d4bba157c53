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
        Assert.Matches("ETA │ [^│]*\\(([^│]*not split yet)\\) │", status.FlatOutput);
    }

    [Fact]
    public async Task StatusAndJobs_TaskHubNotCreatedYet_AnswerFromStorageWithTheDocumentedExitCodes()
    {
        // A job in the account (its state blob), but bi names a task hub nobody has created: e.g. a new name, or an
        // account whose function app has not started yet.
        await using var parts = await ConfiguredParts.StartAsync(azurite);
        var submit = await parts.RunBiAsync(Timeout, "submit", parts.WriteInput("elsewhere.jsonl", 2));
        Assert.True(submit.ExitCode == 0, submit.Describe());
        var jobId = submit.StandardOutput.Trim();
        var environment = new Dictionary<string, string>(parts.Environment) { ["Durable__TaskHubName"] = "nohub" + Guid.NewGuid().ToString("N")[..16] };

        var status = await BiProcess.RunAsync(parts.WorkDirectory, Timeout, environment, "status", jobId);
        var unknown = await BiProcess.RunAsync(parts.WorkDirectory, Timeout, environment, "status", "job_000000000000000000000000");
        var jobs = await BiProcess.RunAsync(parts.WorkDirectory, Timeout, environment, "jobs");

        Assert.True(status.ExitCode == 0, status.Describe());
        Assert.Matches("Status │ pending │", status.FlatOutput);
        Assert.True(unknown.ExitCode == 2, unknown.Describe());
        Assert.Contains("No job 'job_000000000000000000000000' in this storage account.", unknown.FlatError, StringComparison.Ordinal);
        Assert.True(jobs.ExitCode == 0, jobs.Describe());
        Assert.Contains(jobId, jobs.FlatOutput, StringComparison.Ordinal);
        Assert.All([status, unknown, jobs], r => Assert.DoesNotContain("Exception", r.StandardError + r.StandardOutput, StringComparison.Ordinal));
    }
}
