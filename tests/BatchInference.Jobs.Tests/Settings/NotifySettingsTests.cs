using System.Text;
using BatchInference.Jobs.Messages;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Settings;

// The sidecar's (and a job message's) `notify` object: webhooks and the events they want.
public sealed class NotifySettingsTests
{
    private static JobSettingsResult Parse(string json) => JobSettingsParser.Parse(null, Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_WebhookWithoutEvents_GetsEveryTerminalJobEvent()
    {
        var result = Parse("""{"notify": {"webhooks": [{"url": "https://hooks.example.com/bi?token=abc"}]}}""");

        Assert.True(result.Succeeded, result.FailureReason);
        var webhook = Assert.Single(result.Settings!.Webhooks);
        Assert.Equal("https://hooks.example.com/bi?token=abc", webhook.Url);
        Assert.Equal(WebhookEvents.JobTerminal, webhook.Events);
    }

    [Fact]
    public void Parse_WebhookWithEvents_KeepsThemOnceEach()
    {
        var result = Parse("""{"notify": {"webhooks": [{"url": "https://a.example.com/", "events": ["job.failed", "job.cancelled", "job.failed"]}]}}""");

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(["job.failed", "job.cancelled"], result.Settings!.Webhooks[0].Events);
        Assert.True(result.Settings.Webhooks[0].Wants(WebhookEvents.JobFailed));
        Assert.False(result.Settings.Webhooks[0].Wants(WebhookEvents.JobCompleted));
    }

    [Fact]
    public void Parse_NoNotify_NoWebhooks()
    {
        Assert.Empty(Parse("""{"priority": 1}""").Settings!.Webhooks);
        Assert.Empty(Parse("""{"notify": null}""").Settings!.Webhooks);
    }

    [Theory]
    [InlineData("""{"notify": []}""", "sidecar: notify: must be a JSON object")]
    [InlineData("""{"notify": {"hooks": []}}""", "sidecar: notify.hooks: is not a known notify setting")]
    [InlineData("""{"notify": {"webhooks": {}}}""", "sidecar: notify.webhooks: must be a JSON array of at most 5")]
    [InlineData("""{"notify": {"webhooks": ["https://a.example.com"]}}""", "sidecar: notify.webhooks[0]: must be a JSON object")]
    [InlineData("""{"notify": {"webhooks": [{"events": ["job.failed"]}]}}""", "sidecar: notify.webhooks[0].url: is required")]
    [InlineData("""{"notify": {"webhooks": [{"url": 5}]}}""", "sidecar: notify.webhooks[0].url: must be a string")]
    [InlineData("""{"notify": {"webhooks": [{"url": "hooks.example.com/x"}]}}""", "sidecar: notify.webhooks[0].url: is not valid; expected an absolute https URL")]
    [InlineData("""{"notify": {"webhooks": [{"url": "ftp://hooks.example.com/x"}]}}""", "sidecar: notify.webhooks[0].url: has scheme \"ftp\"")]
    [InlineData("""{"notify": {"webhooks": [{"url": "https://u:p@hooks.example.com/x"}]}}""", "sidecar: notify.webhooks[0].url: must have a host and no user info")]
    [InlineData("""{"notify": {"webhooks": [{"url": "https://a.example.com", "events": []}]}}""", "sidecar: notify.webhooks[0].events: must be a non-empty JSON array")]
    [InlineData("""{"notify": {"webhooks": [{"url": "https://a.example.com", "events": ["job.done"]}]}}""", "known: job.completed, job.completed_with_errors, job.failed, job.cancelled, job.budget_exceeded")]
    [InlineData("""{"notify": {"webhooks": [{"url": "https://a.example.com", "secret": "x"}]}}""", "sidecar: notify.webhooks[0].secret: is not a known webhook setting")]
    public void Parse_BadNotify_SaysWhereAndWhat(string json, string expected)
    {
        var result = Parse(json);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SixWebhooks_TooMany()
    {
        var hooks = string.Join(", ", Enumerable.Range(0, 6).Select(i => $$"""{"url": "https://h{{i}}.example.com/"}"""));

        Assert.Contains("at most 5 webhooks", Parse($$$"""{"notify": {"webhooks": [{{{hooks}}}]}}""").FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadUrl_ErrorDoesNotEchoTheUrl()
    {
        // A webhook URL often carries a token; failure reasons end up in summary.json and logs.
        var result = Parse("""{"notify": {"webhooks": [{"url": "ftp://hooks.example.com/secret-token-123"}]}}""");

        Assert.DoesNotContain("secret-token-123", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void JobMessage_WithWebhooks_RoundTripsThroughWriterAndParser()
    {
        var settings = JobSettings.Default with
        {
            Webhooks = [new WebhookSubscription("https://a.example.com/h", [WebhookEvents.JobFailed]), new WebhookSubscription("https://b.example.com/", WebhookEvents.JobTerminal)],
        };
        var message = new JobMessage("m-1", JobMessageInput.Blob("jobs", "incoming/a.jsonl"), settings);

        var parsed = JobMessageParser.Parse(JobMessageWriter.Write(message));

        Assert.True(parsed.Succeeded, parsed.FailureReason);
        var webhooks = parsed.Message!.Settings.Webhooks;
        Assert.Equal(2, webhooks.Count);
        Assert.Equal("https://a.example.com/h", webhooks[0].Url);
        Assert.Equal(["job.failed"], webhooks[0].Events);
        Assert.Equal(WebhookEvents.JobTerminal, webhooks[1].Events);
    }

    [Fact]
    public void JobMessage_BadWebhook_ReportedUnderSettings()
    {
        var parsed = JobMessageParser.Parse(Encoding.UTF8.GetBytes(
            """{"schema_version": 1, "message_id": "m", "input": {"container": "jobs", "blob": "a"}, "settings": {"notify": {"webhooks": [{"url": "nope"}]}}}"""));

        Assert.False(parsed.Succeeded);
        Assert.Contains("settings.notify.webhooks[0].url", parsed.FailureReason, StringComparison.Ordinal);
    }
}
