using System.Text;
using BatchInference.Jobs.Messages;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Messages;

public sealed class JobMessageWriterTests
{
    [Fact]
    public void Write_DefaultSettings_WritesCompactMessageWithoutSettings()
    {
        var message = new JobMessage("m-1", JobMessageInput.Blob("jobs", "incoming/a b.jsonl"), JobSettings.Default);

        var json = Encoding.UTF8.GetString(JobMessageWriter.Write(message));

        Assert.Equal("""{"schema_version":1,"message_id":"m-1","input":{"container":"jobs","blob":"incoming/a b.jsonl"}}""", json);
    }

    [Fact]
    public void Write_EverySetting_RoundTripsThroughTheParser()
    {
        var settings = new JobSettings
        {
            Deadline = new DateTimeOffset(2026, 11, 24, 6, 30, 15, 250, TimeSpan.Zero),
            CompletionWindow = TimeSpan.FromHours(36),
            BudgetUsd = 12.75m,
            TierPolicy = TierPolicy.Flex,
            AllowedProviders = ["openai", "anthropic"],
            AllowedRegions = ["swedencentral"],
            Priority = 5,
            Tags = new Dictionary<string, string> { ["team"] = "search", ["project"] = "ünïcode" },
        };
        var message = new JobMessage("team/run-7", JobMessageInput.FromUrl(new Uri("https://acct.blob.core.windows.net/jobs/in/a.jsonl")), settings);

        var parsed = JobMessageParser.Parse(JobMessageWriter.Write(message));

        Assert.True(parsed.Succeeded, parsed.FailureReason);
        var read = parsed.Message!;
        Assert.Equal(message.MessageId, read.MessageId);
        Assert.Equal(message.Input.Url, read.Input.Url);
        Assert.Equal(settings.Deadline, read.Settings.Deadline);
        Assert.Equal(settings.CompletionWindow, read.Settings.CompletionWindow);
        Assert.Equal(settings.BudgetUsd, read.Settings.BudgetUsd);
        Assert.Equal(settings.TierPolicy, read.Settings.TierPolicy);
        Assert.Equal(settings.AllowedProviders, read.Settings.AllowedProviders);
        Assert.Equal(settings.AllowedRegions, read.Settings.AllowedRegions);
        Assert.Equal(settings.Priority, read.Settings.Priority);
        Assert.Equal(settings.Tags.OrderBy(t => t.Key), read.Settings.Tags.OrderBy(t => t.Key));
    }

    [Fact]
    public void Write_ParsedExample_WritesTheSameMessageBack()
    {
        var original = JobMessageParser.Parse(MessageExamples.Read("valid", "all-settings.json")).Message!;

        var again = JobMessageParser.Parse(JobMessageWriter.Write(original)).Message!;

        Assert.Equal(JobMessageWriter.Write(original), JobMessageWriter.Write(again));
        Assert.Equal(original.Settings.Deadline, again.Settings.Deadline);
        Assert.Equal(UnknownModelPolicy.RunUnpriced, again.Settings.UnknownModel);
        Assert.Equal(UnpricedBudgetPolicy.Exclude, again.Settings.UnpricedBudget);
        Assert.Equal(original.JobId, again.JobId);
    }

    [Fact]
    public void Write_InvalidMessageIdAndContainer_ThrowsListingBoth()
    {
        var message = new JobMessage("has space", JobMessageInput.Blob("Jobs", "a"), JobSettings.Default);

        var error = Assert.Throws<ArgumentException>(() => JobMessageWriter.Write(message));

        Assert.Contains("message_id:", error.Message, StringComparison.Ordinal);
        Assert.Contains("input.container:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WindowWithFractionOfASecond_Throws()
    {
        var message = new JobMessage("m", JobMessageInput.Blob("jobs", "a"), new JobSettings { CompletionWindow = TimeSpan.FromMilliseconds(1500) });

        Assert.Throws<ArgumentException>(() => JobMessageWriter.Write(message));
    }
}
