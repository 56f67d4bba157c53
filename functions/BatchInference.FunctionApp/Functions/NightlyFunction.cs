using BatchInference.FunctionApp.Composition;
using BatchInference.Orchestrations.Intake;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BatchInference.FunctionApp.Functions;

/// <summary>
/// <c>Nightly</c> (timer, schedule <c>%NightlySchedule%</c>): submits every blob staged under <c>jobs/nightly/</c>
/// (<see cref="NightlyIntake"/>, which <c>bi worker --local</c> runs too). Job ids follow the blob version, so a second
/// run (or a retried one) submits nothing twice; restage a file (a new version) to run it again.
/// </summary>
internal sealed class NightlyFunction(JobEngines engines, ILogger<NightlyFunction> logger)
{
    /// <summary>The function name.</summary>
    public const string Name = "Nightly";

    /// <summary>Prefix inside the jobs container of the staged nightly inputs.</summary>
    public const string NightlyPrefix = NightlyIntake.Prefix;

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
        var submitted = new List<string>();
        foreach (var (input, jobId) in await NightlyIntake.RunSlotAsync(engines.Blobs, engines.For(durable), cancellationToken).ConfigureAwait(false))
        {
            if (jobId is null)
            {
                Log.BlobIgnored(logger, input, "it no longer exists");
                continue;
            }

            Log.JobSubmitted(logger, input, jobId, Name);
            submitted.Add(jobId);
        }

        Log.NightlyRan(logger, submitted.Count, timer.IsPastDue);
        return submitted;
    }
}
