using BatchInference.Orchestrations.Notifications;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Orchestrations.Tests.Notifications;

public sealed class NotifyOptionsTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public void Read_Section_BindsWebhooksAndAddsTheAppsOwnHost()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notify:WebhookSecret"] = Secret,
            ["Notify:Webhooks:0:Url"] = "https://hooks.example.com/a",
            ["Notify:Webhooks:0:Events:0"] = "job.failed",
            ["Notify:Webhooks:1:Url"] = "https://hooks.example.com/b",
            ["Notify:RetryFor"] = "06:00:00",
            ["WEBSITE_HOSTNAME"] = "bi-func.azurewebsites.net",
        }).Build();

        var options = NotifyOptions.Read(configuration, [new Uri("https://acct.blob.core.windows.net/")]);
        options.Validate();

        Assert.Equal(TimeSpan.FromHours(6), options.RetryFor);
        var webhooks = options.Subscriptions().ToList();
        Assert.Equal(["job.failed"], webhooks[0].Events);
        Assert.Equal(5, webhooks[1].Events.Count);
        Assert.Equal(["acct.blob.core.windows.net", "bi-func.azurewebsites.net"], options.PipelineEndpoints.Select(u => u.Host));
    }

    [Fact]
    public void Read_EventGridSection_BindsTheTopicAndItsAuth()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notify:EventGrid:Endpoint"] = "https://t.westeurope-1.eventgrid.azure.net/api/events",
            ["Notify:EventGrid:ClientId"] = "00000000-0000-0000-0000-000000000001",
        }).Build();

        var options = NotifyOptions.Read(configuration, []);
        options.Validate();

        Assert.Equal("t.westeurope-1.eventgrid.azure.net", options.EventGrid.Endpoint!.Host);
        Assert.Equal(("00000000-0000-0000-0000-000000000001", null, "/batchinference"), (options.EventGrid.ClientId, options.EventGrid.Key, options.EventGrid.Source));
    }

    [Fact]
    public void Validate_EventGridOverHttpWithoutAllowHttp_NamesTheSetting()
    {
        var options = new NotifyOptions();
        options.EventGrid.Endpoint = new Uri("http://127.0.0.1:9/api/events");

        var error = Assert.Throws<ArgumentException>(options.Validate);
        options.AllowHttp = true;
        options.Validate();

        Assert.StartsWith("Notify:EventGrid:Endpoint must be an absolute https URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_Pass()
    {
        new NotifyOptions().Validate();
    }

    [Fact]
    public void Validate_WebhooksWithoutSecret_NamesTheSecretSetting()
    {
        var options = new NotifyOptions();
        options.Webhooks.Add(new NotifyWebhookOptions { Url = "https://hooks.example.com/" });

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.StartsWith("Notify:WebhookSecret must be set when Notify:Webhooks are configured.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MalformedSecret_SaysTheFormatButNotTheValue()
    {
        var e = Assert.Throws<ArgumentException>(new NotifyOptions { WebhookSecret = "hunter2-not-a-secret" }.Validate);

        Assert.Contains("whsec_", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnresolvedKeyVaultReference_SaysTheVaultSecretIsMissingOrUnreadable()
    {
        // App Service hands the app the reference text itself when it cannot resolve it (secret missing, no access).
        var options = new NotifyOptions { WebhookSecret = "@Microsoft.KeyVault(SecretUri=https://kv-bi.vault.azure.net/secrets/webhook-secret/)" };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.StartsWith("Notify:WebhookSecret is a Key Vault reference the platform could not resolve", e.Message, StringComparison.Ordinal);
        Assert.Contains("az keyvault secret set", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/", null, "Notify:Webhooks:0:Url must be an absolute https URL")]
    [InlineData("https://hooks.example.com/", "job.done", "Notify:Webhooks:0:Events must name known events")]
    public void Validate_BadWebhook_NamesIt(string url, string? eventName, string expected)
    {
        var options = new NotifyOptions { WebhookSecret = Secret };
        var webhook = new NotifyWebhookOptions { Url = url };
        if (eventName is not null)
        {
            webhook.Events.Add(eventName);
        }

        options.Webhooks.Add(webhook);

        Assert.StartsWith(expected, Assert.Throws<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MaxRetryDelayBelowFirst_NamesIt()
    {
        var options = new NotifyOptions { FirstRetryDelay = TimeSpan.FromMinutes(5), MaxRetryDelay = TimeSpan.FromMinutes(1) };

        Assert.StartsWith("Notify:MaxRetryDelay must be at least FirstRetryDelay.", Assert.Throws<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);
    }
}
