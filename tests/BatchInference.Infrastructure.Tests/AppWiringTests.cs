using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BatchInference.Orchestrations.Intake;
using BatchInference.Orchestrations.Notifications;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Infrastructure.Tests;

/// <summary>
/// The template against the app it deploys (functions/BatchInference.FunctionApp, read from its assembly): the Event
/// Grid subscription feeds the app's real Event Grid blob trigger, the queues are the ones the app reads, and nothing
/// of the deleted queue engine (its work queues, settings and roles) is deployed any more.
/// </summary>
public sealed partial class AppWiringTests(BicepTemplate bicep) : IClassFixture<BicepTemplate>
{
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string EventGridDataSender = "d5a91429-5739-47e2-a06b-3470a27159e7";

    [Fact]
    public void EventGrid_JobsSubscription_WebHookToTheAppsEventGridBlobTrigger()
    {
        var (function, path) = EventGridBlobTrigger();
        var module = bicep.Module("eventgrid");
        var subscription = Assert.Single(bicep.Resources("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        var destination = subscription["properties"]!["destination"]!;

        Assert.Equal("WebHook", destination["endpointType"]!.GetValue<string>());
        var url = EndpointUrl().Match(destination["properties"]!["endpointUrl"]!.GetValue<string>());
        Assert.True(url.Success, "Unexpected endpointUrl: " + destination["properties"]!["endpointUrl"]);
        Assert.Equal(function, Variable(module, url.Groups["function"].Value));
        // The key is read only when the subscription is deployed: a list function is evaluated even for a false condition.
        Assert.Equal("[parameters('deployJobsSubscription')]", subscription["condition"]!.GetValue<string>());
        Assert.StartsWith("if(parameters('deployJobsSubscription'), listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', parameters('functionAppName')))", url.Groups["key"].Value, StringComparison.Ordinal);
        Assert.EndsWith(".systemKeys.blobs_extension, '')", url.Groups["key"].Value, StringComparison.Ordinal);

        // The trigger's path "<container>/<prefix>{name}" as an Event Grid subject prefix.
        var container = path[..path.IndexOf('/', StringComparison.Ordinal)];
        var prefix = path[(container.Length + 1)..path.IndexOf('{', StringComparison.Ordinal)];
        var filter = subscription["properties"]!["filter"]!;
        var subject = Regex.Match(filter["subjectBeginsWith"]!.GetValue<string>(), @"^\[variables\('(\w+)'\)\]$");
        Assert.Equal($"/blobServices/default/containers/{container}/blobs/{prefix}", Variable(module, subject.Groups[1].Value));
        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter["includedEventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public void EasyAuth_ExcludedPath_IsTheSubscriptionsWebhookPath()
    {
        var auth = Assert.Single(bicep.Resources("Microsoft.Web/sites/config"), c => c["name"]!.GetValue<string>().Contains("authsettingsV2", StringComparison.Ordinal));
        var subscription = Assert.Single(bicep.Resources("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        var url = EndpointUrl().Match(subscription["properties"]!["destination"]!["properties"]!["endpointUrl"]!.GetValue<string>());

        Assert.Contains(url.Groups["path"].Value, auth["properties"]!["globalValidation"]!["excludedPaths"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public void Storage_Queues_AreTheAppsJobMessageQueuesOnly()
    {
        var queues = bicep.Module("storage")["variables"]!["queueNames"]!.AsArray().Select(q => q!.GetValue<string>());

        Assert.Equal([JobMessageIntake.QueueName, JobMessageIntake.PoisonQueueName], queues);
        Assert.Equal(JobMessageIntake.QueueName, JobMessageTriggerQueue());
    }

    [Fact]
    public void ServiceBus_OnlyTheJobIntakeQueue_ReceiverRoleOnly()
    {
        var queue = Assert.Single(bicep.Resources("Microsoft.ServiceBus/namespaces/queues"));

        Assert.Contains("jobsQueueName", queue["name"]!.GetValue<string>(), StringComparison.Ordinal);
        var roles = bicep.Module("roles");
        Assert.DoesNotContain(ServiceBusDataSender, roles.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("workQueue", roles.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Engine__Queue")]
    [InlineData("Engine__QueueName")]
    [InlineData("ServiceBus__WorkQueue")]
    [InlineData("Worker__MaxDeliveryCount")]
    [InlineData("AzureWebJobs.EngineWork.Disabled")]
    [InlineData("AzureWebJobs.EnginePoison.Disabled")]
    [InlineData("AzureWebJobs.EngineWorkServiceBus.Disabled")]
    [InlineData("AzureWebJobs.EnginePoisonServiceBus.Disabled")]
    public void AppSettings_DeletedQueueEngineSetting_IsNotWritten(string setting)
    {
        Assert.DoesNotContain(setting, AppSettings().Select(s => s.Key));
    }

    [Theory]
    [InlineData("engineQueue")]
    [InlineData("workQueueName")]
    [InlineData("jobsFunctionName")]
    public void Parameters_DeletedQueueEngineParameter_IsGone(string parameter)
    {
        Assert.False(bicep.Template["parameters"]!.AsObject().ContainsKey(parameter), $"main.bicep still declares {parameter}.");
    }

    [Theory]
    [InlineData("TaskHubName")]
    [InlineData("ServiceBus__fullyQualifiedNamespace")]
    [InlineData("ServiceBus__JobsQueue")]
    [InlineData("Storage__blobServiceUri")]
    [InlineData("Storage__queueServiceUri")]
    [InlineData("NightlySchedule")]
    public void AppSettings_SettingTheAppReads_IsWritten(string setting)
    {
        Assert.Contains(setting, AppSettings().Select(s => s.Key));
    }

    [Fact]
    public void JobEvents_TopicEndpointSetting_IsTheNameTheAppBindsAndTheIdentityMaySendToTheTopic()
    {
        // The app setting's name from the options the app binds (NotifyOptions.Read over the Notify section), with the
        // environment's "__" for ":": a renamed property or section fails here.
        var name = string.Join("__", NotifyOptions.SectionName, nameof(NotifyOptions.EventGrid), nameof(NotifyEventGridOptions.Endpoint));
        var setting = Assert.Single(AppSettings(), s => s.Key == name);
        var bound = NotifyOptions.Read(
            new ConfigurationBuilder().AddInMemoryCollection([new(name.Replace("__", ":", StringComparison.Ordinal), "https://t.example.net/api/events")]).Build(), []);

        Assert.Equal(new Uri("https://t.example.net/api/events"), bound.EventGrid.Endpoint);
        Assert.Contains("'jobevents'", setting.Value!.GetValue<string>(), StringComparison.Ordinal); // the topic module's endpoint output
        var topic = Assert.Single(bicep.Resources("Microsoft.EventGrid/topics"));
        Assert.Equal("CloudEventSchemaV1_0", topic["properties"]!["inputSchema"]!.GetValue<string>());
        Assert.True(topic["properties"]!["disableLocalAuth"]!.GetValue<bool>(), "topic keys should be off: the app signs in with its identity");
        var roles = bicep.Module("roles").ToJsonString();
        Assert.Contains(EventGridDataSender, roles, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Microsoft.EventGrid/topics", roles, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_WebhookSecret_KeyVaultReferenceTheAppBindsWrittenOnlyWithEnableWebhooks()
    {
        var name = string.Join("__", NotifyOptions.SectionName, nameof(NotifyOptions.WebhookSecret));
        var deployment = AppSettingsDeployment();
        var optional = deployment["properties"]!["parameters"]!["optionalSettings"]!["value"]!.AsObject();

        // Never among the settings always written, never the secret parameter itself: only the vault's reference.
        Assert.DoesNotContain(name, AppSettings().Select(s => s.Key));
        Assert.DoesNotContain("parameters('webhookSecret')", deployment.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(
            "[if(parameters('enableWebhooks'), reference(resourceId('Microsoft.Resources/deployments', 'keyvault'), '2025-04-01').outputs.webhookSecretReference.value, '')]",
            optional[name]!.GetValue<string>());
        Assert.False(bicep.Template["parameters"]!["enableWebhooks"]!["defaultValue"]!.GetValue<bool>());
        Assert.Equal(
            "[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1}/)', reference(resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName')), '2023-07-01').vaultUri, parameters('webhookSecretName'))]",
            bicep.Module("keyvault")["outputs"]!["webhookSecretReference"]!["value"]!.GetValue<string>());

        // The module writes an optional setting only when its value is not empty (no empty secret the app would refuse).
        var written = Assert.Single(bicep.Module("appsettings")["resources"]!.AsArray())!["properties"]!.GetValue<string>();
        Assert.Equal(
            "[union(parameters('settings'), toObject(filter(items(parameters('optionalSettings')), lambda('s', not(empty(lambdaVariables('s').value)))), lambda('s', lambdaVariables('s').key), lambda('s', lambdaVariables('s').value)))]",
            written);
    }

    private JsonObject AppSettingsDeployment() =>
        bicep.Resources("Microsoft.Resources/deployments").Single(d => d["name"]?.GetValue<string>() == "appsettings");

    private IEnumerable<KeyValuePair<string, JsonNode?>> AppSettings() =>
        AppSettingsDeployment()["properties"]!["parameters"]!["settings"]!["value"]!.AsObject();

    private static string Variable(JsonObject template, string name) => template["variables"]![name]!.GetValue<string>();

    private static Assembly App => Assembly.Load("BatchInference.FunctionApp");

    // The one function whose trigger is a blob trigger with an Event Grid source: (function name, blob path).
    private static (string Function, string Path) EventGridBlobTrigger() =>
        Assert.Single(Functions().SelectMany(f => f.Method.GetParameters()
            .Select(p => p.GetCustomAttribute<BlobTriggerAttribute>())
            .Where(t => t?.Source == BlobTriggerSource.EventGrid)
            .Select(t => (f.Name, t!.BlobPath))));

    private static string JobMessageTriggerQueue() =>
        Assert.Single(Functions().SelectMany(f => f.Method.GetParameters()
            .Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName)
            .OfType<string>()));

    private static IEnumerable<(string Name, MethodInfo Method)> Functions() =>
        App.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => (m.GetCustomAttribute<FunctionAttribute>()?.Name, Method: m))
            .Where(f => f.Name is not null)
            .Select(f => (f.Name!, f.Method));

    // format('https://{0}<path>?functionName=Host.Functions.{1}&code={2}', <host>, variables('<fn>'), <key>)
    [GeneratedRegex(@"^\[format\('https://\{0\}(?<path>/runtime/webhooks/blobs)\?functionName=Host\.Functions\.\{1\}&code=\{2\}', reference\([^']*'Microsoft\.Web/sites', parameters\('functionAppName'\)\), '[\d-]+'\)\.defaultHostName, variables\('(?<function>\w+)'\), (?<key>.+)\)\]$")]
    private static partial Regex EndpointUrl();
}
