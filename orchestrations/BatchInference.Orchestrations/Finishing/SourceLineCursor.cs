using BatchInference.Jobs.Intake;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Finishing;

/// <summary>
/// The job's input read forward once, on first use, to name lines whose shard copy is damaged or gone (it may be why
/// the job failed): asked for ascending sequences only, as the merge meets them.
/// </summary>
internal sealed class SourceLineCursor(EngineContext context, JobState job) : IAsyncDisposable
{
    private IAsyncDisposable? _download;
    private IAsyncEnumerator<JobLine>? _lines;
    private long _next;

    /// <summary>The input line number and <c>custom_id</c> of the line at <paramref name="sequence"/>.</summary>
    /// <exception cref="InvalidDataException">The input has fewer lines, or a lower sequence was asked after a higher one.</exception>
    public async Task<(long Line, string? CustomId)> ReadAsync(long sequence, CancellationToken cancellationToken)
    {
        if (_lines is null)
        {
            var download = await context.Blobs.DownloadAsync(job.Source.Container, job.Source.Blob, cancellationToken: cancellationToken).ConfigureAwait(false);
            _download = download;
            var options = new JsonlReaderOptions { MaxLineBytes = context.Options.MaxLineBytes };
            _lines = JsonlRequestReader.ReadAsync(download.Content, new JsonlReaderStats(), options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }

        if (sequence < _next)
        {
            throw new InvalidDataException($"Job {job.JobId}: input line sequence {sequence} was asked for after {_next - 1}.");
        }

        while (await _lines.MoveNextAsync().ConfigureAwait(false))
        {
            if (_next++ == sequence)
            {
                var line = _lines.Current;
                return (line.LineNumber, line switch { RequestLine r => r.CustomId, InvalidLine i => i.CustomId, _ => null });
            }
        }

        throw new InvalidDataException($"Job {job.JobId}: its input has no line with sequence {sequence}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_lines is not null)
        {
            await _lines.DisposeAsync().ConfigureAwait(false);
        }

        if (_download is not null)
        {
            await _download.DisposeAsync().ConfigureAwait(false);
        }
    }
}
