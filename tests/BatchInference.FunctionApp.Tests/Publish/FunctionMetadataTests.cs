using System.Globalization;
using System.Text.Json.Nodes;
using BatchInference.Durable.Hosting;
using BatchInference.FunctionApp.Composition;
using BatchInference.Orchestrations.Durable;

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
    [InlineData("SubmitJob", "httpTrigger", "route", "api/jobs")]
    [InlineData("ListJobs", "httpTrigger", "route", "api/jobs")]
    [InlineData("JobStatus", "httpTrigger", "route", "api/jobs/{jobId}")]
    [InlineData("CancelJob", "httpTrigger", "route", "api/jobs/{jobId}/cancel")]
    [InlineData("Health", "httpTrigger", "route", "api/health")]
    [InlineData("V1UploadFile", "httpTrigger", "route", "v1/files")]
    [InlineData("V1ListFiles", "httpTrigger", "route", "v1/files")]
    [InlineData("V1GetFile", "httpTrigger", "route", "v1/files/{fileId}")]
    [InlineData("V1GetFileContent", "httpTrigger", "route", "v1/files/{fileId}/content")]
    [InlineData("V1DeleteFile", "httpTrigger", "route", "v1/files/{fileId}")]
    [InlineData("V1CreateBatch", "httpTrigger", "route", "v1/batches")]
    [InlineData("V1ListBatches", "httpTrigger", "route", "v1/batches")]
    [InlineData("V1GetBatch", "httpTrigger", "route", "v1/batches/{batchId}")]
    [InlineData("V1CancelBatch", "httpTrigger", "route", "v1/batches/{batchId}/cancel")]
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

    [Theory]
    [InlineData(EngineOrchestrations.Job)]
    [InlineData(EngineOrchestrations.Shard)]
    [InlineData(EngineOrchestrations.Notification)]
    public void Metadata_EngineOrchestration_HasAnOrchestrationTriggerFunctionOfItsName(string name)
    {
        var binding = Assert.Single(Bindings(Functions().Single(f => f["name"]!.GetValue<string>() == name)));

        Assert.Equal("orchestrationTrigger", binding["type"]!.GetValue<string>());
        Assert.Equal("In", binding["direction"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(JobActivities.Prepare)]
    [InlineData(JobActivities.Finish)]
    [InlineData(JobActivities.RecordCancel)]
    [InlineData(JobActivities.Fail)]
    [InlineData(JobActivities.PublishFailedSummary)]
    [InlineData(JobActivities.StartNotifications)]
    [InlineData(JobActivities.SendNotification)]
    [InlineData(ShardActivities.Slice)]
    [InlineData(ShardActivities.SubmitBatch)]
    [InlineData(ShardActivities.CheckBatch)]
    [InlineData(ShardActivities.Record)]
    public void Metadata_EngineActivity_HasAnActivityTriggerFunctionOfItsName(string name)
    {
        var binding = Assert.Single(Bindings(Functions().Single(f => f["name"]!.GetValue<string>() == name)));

        Assert.Equal("activityTrigger", binding["type"]!.GetValue<string>());
        Assert.Equal("In", binding["direction"]!.GetValue<string>());
    }

    [Fact]
    public void Metadata_EveryFunction_IsExpected()
    {
        Assert.Equal(
            [
                "CancelJob", "CleanUpJobWork", "FailJob", "FinishJob", "Health", "JobDropped", "JobMessage", "JobNotificationOrchestration",
                "JobOrchestration", "JobStatus", "ListJobs", "Nightly", "PrepareJob", "PublishFailedJobSummary", "RecordJobCancel",
                "SendJobNotification", "ShardCheckBatch", "ShardOrchestration", "ShardRecord", "ShardSlice", "ShardSubmitBatch",
                "StartJobNotifications", "SubmitJob",
                "V1CancelBatch", "V1CreateBatch", "V1DeleteFile", "V1GetBatch", "V1GetFile", "V1GetFileContent", "V1ListBatches", "V1ListFiles", "V1UploadFile",
            ],
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
        Assert.Equal(string.Empty, extensions["http"]!["routePrefix"]!.GetValue<string>()); // /v1 as OpenAI's SDKs expect; job routes name api/ themselves
    }

    [Fact]
    public void HostJson_DurableTask_TheLocalHostsDefaultsSoBothRunTheHubAlike()
    {
        var durable = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "host.json")))!["extensions"]!["durableTask"]!;
        var storage = durable["storageProvider"]!;
        var local = new DurableTaskHubOptions();

        Assert.Equal(local.PartitionCount, storage["partitionCount"]!.GetValue<int>()); // fixed when the hub is created, by whichever side comes first
        Assert.True(storage["useTablePartitionManagement"]!.GetValue<bool>()); // the local hosts' partition manager
        Assert.Equal(local.MaxQueuePollingInterval, TimeSpan.Parse(storage["maxQueuePollingInterval"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(local.ControlQueueVisibilityTimeout, TimeSpan.Parse(storage["controlQueueVisibilityTimeout"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(local.WorkItemVisibilityTimeout, TimeSpan.Parse(storage["workItemQueueVisibilityTimeout"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(local.MaxConcurrentActivities, durable["maxConcurrentActivityFunctions"]!.GetValue<int>());
        Assert.Equal(local.MaxConcurrentOrchestrations, durable["maxConcurrentOrchestratorFunctions"]!.GetValue<int>());
        Assert.Equal("NonRunningStates", durable["overridableExistingInstanceStates"]!.GetValue<string>());
    }

    private static IEnumerable<JsonObject> Functions() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "functions.metadata")))!.AsArray().OfType<JsonObject>();

    private static IEnumerable<JsonObject> Bindings(JsonObject function) => function["bindings"]!.AsArray().OfType<JsonObject>();
}
