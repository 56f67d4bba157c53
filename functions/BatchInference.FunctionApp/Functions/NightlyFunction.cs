using BatchInference.FunctionApp.Composition;
using BatchInference.Orchestrations.Layout;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BatchInference.FunctionApp.Functions;

/// <summary>
/// <c>Nightly</c> (timer, schedule <c>%NightlySchedule%</c>): submits every blob staged under <c>jobs/nightly/</c>.
/// Job ids follow the blob version, so a second run (or a retried one) submits nothing twice; restage a file (a new
/// version) to run it again.
/// </summary>
internal sealed class NightlyFunction(JobEngines engines, ILogger<NightlyFunction> logger)
{
    /// <summary>The function name.</summary>
    public const string Name = "Nightly";

    /// <summary>Prefix inside the jobs container of the staged nightly inputs.</summary>
    public const string NightlyPrefix = "nightly/";

    /// <summary>Runs one nightly slot.</summary>
    /// <param name="timer">The slot (past due after downtime: it still runs once).</param>
    /// <param name="durable">The task hub's client.</param>
    /// <param name="cancellationToken">The invocation's cancellation.</param>
    /// <returns>The ids of the jobs submitted.</returns>
    [Function(Name)]
    public async Task<IReadOnlyList<string>> RunAsync(
        [TimerTrigger(AppSettings.NightlySchedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var engine = engines.For(durable);
        var submitted = new List<string>();
        await foreach (var item in engines.Blobs.ListAsync(StorageLayout.JobsContainer, NightlyPrefix, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (JobBlobs.IsSidecar(item.Name) || item.Name.EndsWith('/'))
            {
                continue;
            }

            if (await JobBlobs.TrySubmitAsync(engine, StorageLayout.JobsContainer, item.Name, Name, logger, cancellationToken).ConfigureAwait(false) is { } jobId)
            {
                submitted.Add(jobId);
            }
        }

        Log.NightlyRan(logger, submitted.Count, timer.IsPastDue);
        return submitted;
    }
}
