using BatchInference.Cli.Composition;
using BatchInference.Orchestrations.Layout;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace BatchInference.Cli.Local;

/// <summary>
/// What <c>bi worker --local</c> starts jobs from, as the function app's triggers do in Azure: drops under
/// <c>jobs/incoming/</c> (except <c>bi demo</c>'s private <c>incoming/demo-…/</c> folders, whose jobs run on the demo's
/// own task hub), job messages on the Storage queue <c>job-messages</c>, and the nightly slot (<c>NightlySchedule</c>).
/// </summary>
internal static class WorkerTriggers
{
    /// <summary>The setting naming the nightly slots: NCRONTAB with seconds, UTC, as the function app's; empty: none.</summary>
    public const string NightlyScheduleSetting = "NightlySchedule";

    /// <summary>The Bicep's default slot, 02:00 UTC.</summary>
    public const string DefaultNightlySchedule = "0 0 2 * * *";

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Reads <see cref="NightlyScheduleSetting"/>.</summary>
    /// <returns>The schedule, or null when the setting is empty.</returns>
    /// <exception cref="UsageException">The setting is not a six-field NCRONTAB expression.</exception>
    public static CrontabSchedule? NightlySchedule(IConfiguration configuration)
    {
        var setting = configuration[NightlyScheduleSetting] ?? DefaultNightlySchedule;
        if (string.IsNullOrWhiteSpace(setting))
        {
            return null;
        }

        return CrontabSchedule.TryParse(setting, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new UsageException($"{NightlyScheduleSetting} '{setting}' is not an NCRONTAB schedule of six fields (seconds first, UTC).");
    }

    /// <summary>The loop over the pipeline's storage, its queues created.</summary>
    public static async Task<LocalTriggerLoop> CreateAsync(
        Pipeline pipeline, CrontabSchedule? nightly, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger<LocalTriggerLoop>();
        var messages = LocalJobMessages.Create(pipeline.Account.CreateQueueServiceClient(), pipeline.Account.BlobEndpoint, logger);
        await messages.EnsureQueuesAsync(cancellationToken);
        return new LocalTriggerLoop(pipeline.Blobs, pipeline.Engine, StorageLayout.IncomingPrefix, PollInterval, time, logger)
        {
            ExcludedPrefixes = [DropJobSession.DemoFolderPrefix],
            JobMessages = messages,
            NightlySchedule = nightly,
        };
    }
}
