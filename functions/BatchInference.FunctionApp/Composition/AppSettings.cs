using BatchInference.Orchestrations.Intake;

namespace BatchInference.FunctionApp.Composition;

/// <summary>The app setting names the bindings resolve (see functions/README.md for every setting).</summary>
internal static class AppSettings
{
    /// <summary>The pipeline's storage account: <c>Storage</c> (a connection string) or <c>Storage__blobServiceUri</c>
    /// and <c>Storage__queueServiceUri</c> with the managed identity. The Durable task hub uses <c>AzureWebJobsStorage</c>.</summary>
    public const string StorageConnection = "Storage";

    /// <summary>The nightly timer's NCRONTAB schedule (six fields, UTC); must be set.</summary>
    public const string NightlySchedule = "%NightlySchedule%";

    /// <summary>The Storage queue of job messages.</summary>
    public const string JobMessagesQueue = JobMessageIntake.QueueName;

    /// <summary>Where a job message that cannot start a job goes at once, and where the Functions host moves one after
    /// <see cref="MaxDequeueCount"/> failed deliveries.</summary>
    public const string JobMessagesPoisonQueue = JobMessageIntake.PoisonQueueName;

    /// <summary>host.json's <c>extensions.queues.maxDequeueCount</c> (a test holds the two together).</summary>
    public const int MaxDequeueCount = 5;
}
