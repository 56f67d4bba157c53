using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Output;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Results;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Finishing;

/// <summary>
/// A job cancelled before its input was split has no shards to merge, yet every input line must come back: this reads
/// the job's input once, streaming, and writes a <c>job_cancelled</c> error record for each line, the same record a
/// cancel after the split writes for the lines that never ran.
/// </summary>
internal sealed class CancelledInputRecords(EngineContext context, JobState job)
{
    /// <summary>Whether <paramref name="job"/> is such a job (cancelled, not failed, never split).</summary>
    public static bool Applies(JobState job) => job.ShardCount == 0 && job.CancelRequested && job.FailureReason is null;

    /// <summary>Writes the records into the spool's errors, counting them as invalid lines (as the merge does).</summary>
    /// <remarks>An input that is gone or was replaced since the submit cannot be named line by line: the job is then
    /// published with no records, as before, and the reason is logged.</remarks>
    public async Task WriteAsync(JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
    {
        var source = job.Source;
        var writer = new BatchOutputWriter(spool.Errors, job.JobId);
        await using (writer.ConfigureAwait(false))
        {
            try
            {
                var download = await context.Blobs.DownloadAsync(source.Container, source.Blob, cancellationToken: cancellationToken).ConfigureAwait(false);
                await using (download.ConfigureAwait(false))
                {
                    if (source.ETag is { } etag && download.Properties.ETag.ToString().Trim('"') != etag.Trim('"'))
                    {
                        Log.CancelledInputUnreadable(context.Logger, job.JobId, $"{source} was replaced after it was submitted");
                        return;
                    }

                    var options = new JsonlReaderOptions { MaxLineBytes = context.Options.MaxLineBytes };
                    await foreach (var line in JsonlRequestReader.ReadAsync(download.Content, new JsonlReaderStats(), options, cancellationToken).ConfigureAwait(false))
                    {
                        var customId = line switch { RequestLine r => r.CustomId, InvalidLine i => i.CustomId, _ => null };
                        await writer.WriteErrorAsync(line.LineNumber, customId, "job_cancelled", "The job was cancelled before this line ran.", cancellationToken)
                            .ConfigureAwait(false);
                        totals.Invalid++;
                    }
                }
            }
            catch (BlobStorageException e) when (e.Status == 404)
            {
                Log.CancelledInputUnreadable(context.Logger, job.JobId, $"{source} does not exist");
            }
        }
    }
}
