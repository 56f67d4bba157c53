using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Intake;

/// <summary>
/// One nightly slot, for the function app's <c>Nightly</c> timer and <c>bi worker --local</c>'s local trigger loop:
/// submits every blob staged under <c>jobs/nightly/</c>. Job ids follow the blob version, so a second run of a slot (or
/// of the next one) submits nothing twice; restage a file (a new version) to run it again.
/// </summary>
public static class NightlyIntake
{
    /// <summary>Prefix inside the jobs container of the staged nightly inputs.</summary>
    public const string Prefix = "nightly/";

    /// <summary>Submits every staged input (sidecars are settings, not jobs).</summary>
    /// <param name="blobs">The pipeline's blob store.</param>
    /// <param name="engine">The engine.</param>
    /// <param name="cancellationToken">Stops the slot; inputs submitted so far stay submitted.</param>
    /// <returns>Each staged input (container/blob) with its job id, or null when it was deleted before it could be read.</returns>
    public static async Task<IReadOnlyList<(string Input, string? JobId)>> RunSlotAsync(
        IBlobStore blobs, JobEngine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(engine);
        var submitted = new List<(string, string?)>();
        await foreach (var item in blobs.ListAsync(StorageLayout.JobsContainer, Prefix, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (StorageLayout.IsSidecar(item.Name) || item.Name.EndsWith('/'))
            {
                continue;
            }

            string? jobId;
            try
            {
                jobId = await engine.SubmitAsync(StorageLayout.JobsContainer, item.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException)
            {
                jobId = null; // deleted since the listing: nothing to run, nothing to retry
            }

            submitted.Add(($"{StorageLayout.JobsContainer}/{item.Name}", jobId));
        }

        return submitted;
    }
}
