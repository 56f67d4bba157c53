using System.Text.Json.Nodes;
using BatchInference.FunctionApp.Composition;

namespace BatchInference.FunctionApp.Tests.Publish;

/// <summary>
/// The function list the Functions host will load: <c>functions.metadata</c> and <c>.azurefunctions/</c>, which the
/// worker SDK generates into the app's build output (and <c>dotnet publish</c> copies into the Flex Consumption zip).
/// A broken or renamed binding fails here, not in Azure. Read from the app's Release build beside this test's.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly string Output = Path.GetDirectoryName(typeof(JobEngines).Assembly.Location)!;

    [Theory]
    [InlineData("JobDropped", "blobTrigger", "path", "jobs/incoming/{name}")]
    [InlineData("Nightly", "timerTrigger", "schedule", "%NightlySchedule%")]
    [InlineData("JobMessage", "queueTrigger", "queueName", "job-messages")]
    [InlineData("SubmitJob", "httpTrigger", "route", "jobs")]
    [InlineData("ListJobs", "httpTrigger", "route", "jobs")]
    [InlineData("JobStatus", "httpTrigger", "route", "jobs/{jobId}")]
    [InlineData("CancelJob", "httpTrigger", "route", "jobs/{jobId}/cancel")]
    [InlineData("Health", "httpTrigger", "route", "health")]
    public void Metadata_Function_HasItsTrigger(string name, string trigger, string property, string value)
    {
        var function = Functions().Single(f => f["name"]!.GetValue<string>() == name);

        var binding = Assert.Single(Bindings(function), b => b["type"]!.GetValue<string>() == trigger);
        Assert.Equal(value, binding[property]!.GetValue<string>());
        if (name != "Health")
        {
            Assert.Contains(Bindings(function), b => b["type"]!.GetValue<string>() == "durableClient");
        }
    }

    [Fact]
    public void Metadata_BlobTrigger_EventGridSourceOnTheStorageConnection()
    {
        var drop = Bindings(Functions().Single(f => f["name"]!.GetValue<string>() == "JobDropped")).Single(b => b["type"]!.GetValue<string>() == "blobTrigger");

        Assert.Equal("EventGrid", drop["source"]!.GetValue<string>());
        Assert.Equal(AppSettings.StorageConnection, drop["connection"]!.GetValue<string>());
    }

    [Fact]
    public void Metadata_EveryFunction_IsExpected()
    {
        Assert.Equal(
            ["CancelJob", "Health", "JobDropped", "JobMessage", "JobStatus", "ListJobs", "Nightly", "SubmitJob"],
            Functions().Select(f => f["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(Output, ".azurefunctions")), "no .azurefunctions/ (the extensions the host loads) in " + Output);
    }

    [Fact]
    public void HostJson_IsolatedApp_NoBundleDurableHubFromSettingQueuesAsTheFunctionsExpect()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "host.json")))!;

        Assert.Null(host["extensionBundle"]); // .NET isolated apps load the extensions built into .azurefunctions/
        Assert.Null(host["customHandler"]);
        var extensions = host["extensions"]!;
        Assert.Equal("%TaskHubName%", extensions["durableTask"]!["hubName"]!.GetValue<string>());
        Assert.Equal("AzureWebJobsStorage", extensions["durableTask"]!["storageProvider"]!["connectionName"]!.GetValue<string>());
        Assert.Equal(AppSettings.MaxDequeueCount, extensions["queues"]!["maxDequeueCount"]!.GetValue<int>());
        Assert.Equal("none", extensions["queues"]!["messageEncoding"]!.GetValue<string>()); // job messages are plain JSON text
    }

    private static IEnumerable<JsonObject> Functions() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "functions.metadata")))!.AsArray().OfType<JsonObject>();

    private static IEnumerable<JsonObject> Bindings(JsonObject function) => function["bindings"]!.AsArray().OfType<JsonObject>();
}
