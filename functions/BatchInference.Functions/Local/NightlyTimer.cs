using System.Globalization;
using System.Text.Json.Nodes;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Local;

/// <summary>
/// Plays the timer trigger of <c>Nightly</c>: waits on the injected clock for each slot of the schedule and posts the
/// timer payload once per slot across every dispatcher sharing the storage account — a slot is claimed first by
/// creating <c>work/nightly/&lt;slot&gt;.json</c> with <c>If-None-Match: *</c>, and whoever loses skips it. Slots that
/// pass while a run is still going are fired late, marked past due, so none is lost.
/// </summary>
internal sealed class NightlyTimer(
    IBlobStore blobs, CronSchedule schedule, FunctionInvoker invoker, TimeProvider time, string instanceId,
    Action<DispatchRecord> report, ILogger logger)
{
    private const string Function = "Nightly";

    /// <summary>The claim blob's name in the work container for a slot.</summary>
    public static string ClaimBlob(DateTimeOffset slot) =>
        "nightly/" + slot.ToUniversalTime().ToString("yyyy-MM-dd'T'HH-mm-ss'Z'", CultureInfo.InvariantCulture) + ".json";

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset? last = null;
        var cursor = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested && schedule.NextAfter(cursor) is { } slot)
        {
            Log.NextSlot(logger, schedule.Expression, slot);
            var wait = slot - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await FireAsync(slot, last, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.TriggerFailed(logger, "nightly timer", ex);
            }

            last = slot;
            cursor = slot;
        }
    }

    /// <summary>Claims <paramref name="slot"/> and, when this instance won it, invokes <c>Nightly</c>.</summary>
    /// <returns>True when this instance invoked the function for the slot.</returns>
    public async Task<bool> FireAsync(DateTimeOffset slot, DateTimeOffset? last, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var subject = slot.ToString("O", CultureInfo.InvariantCulture);
        var claim = new JsonObject
        {
            ["slot"] = subject,
            ["schedule"] = schedule.Expression,
            ["claimedBy"] = instanceId,
            ["claimedAt"] = now.ToString("O", CultureInfo.InvariantCulture),
        };
        var claimed = await blobs.UploadAsync(
            StorageLayout.WorkContainer, ClaimBlob(slot), BinaryData.FromString(claim.ToJsonString()),
            new BlobUploadOptions { ContentType = "application/json", Conditions = BlobConditions.IfNotExists },
            cancellationToken).ConfigureAwait(false);
        if (!claimed.Succeeded)
        {
            report(new DispatchRecord(Function, subject, DispatchOutcome.Skipped, "another host claimed this slot"));
            return false;
        }

        // Past due as the host means it: the slot's time has gone by more than a moment ago (e.g. a long previous run).
        var pastDue = now - slot > TimeSpan.FromSeconds(30);
        var payload = TriggerPayloads.Timer(slot, last, schedule.NextAfter(slot), pastDue, now);
        var status = await invoker.InvokeAsync(Function, payload, cancellationToken).ConfigureAwait(false);
        var succeeded = (int)status == 200;
        report(new DispatchRecord(Function, subject, succeeded ? DispatchOutcome.Succeeded : DispatchOutcome.Failed, $"HTTP {(int)status}"));
        return true;
    }
}
