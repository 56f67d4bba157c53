using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

[Collection(AzuriteFixture.CollectionName)]
public sealed class JobsCommandTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Jobs_AfterSubmit_ListsTheJobWithItsStatusAndSource()
    {
        await using var parts = await ConfiguredParts.StartAsync(azurite);
        var submit = await parts.RunBiAsync(Timeout, "submit", parts.WriteInput("listed.jsonl", 2));
        Assert.True(submit.ExitCode == 0, submit.Describe());
        var jobId = submit.StandardOutput.Trim();

        var jobs = await parts.RunBiAsync(Timeout, "jobs");

        Assert.True(jobs.ExitCode == 0, jobs.Describe());
        Assert.Matches($"│ {jobId} │ pending │ jobs/incoming/listed-[^ ]+\\.jsonl │ - │ - │", jobs.FlatOutput);
    }
}
