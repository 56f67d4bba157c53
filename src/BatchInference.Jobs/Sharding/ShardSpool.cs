using BatchInference.Jobs.Intake;

namespace BatchInference.Jobs.Sharding;

/// <summary>
/// One shard being built: its envelopes go to a local temp file (so memory stays flat however large the shard) and its
/// counters become the <see cref="ShardInfo"/>. Used once: publishing hands the file to a callback, then deletes it;
/// disposing deletes whatever file is left, so a failed or cancelled split leaves no temp file behind.
/// </summary>
internal sealed class ShardSpool(string directory, ShardGroup group, long opened) : IAsyncDisposable
{
    private const int FileBufferBytes = 64 * 1024;

    private FileStream? _file;
    private string? _path;
    private long _firstSequence;
    private long _lastSequence;
    private long _firstLineNumber;
    private long _lastLineNumber;
    private long _requestLines;
    private long _invalidLines;

    /// <summary>The endpoint and model of the shard's lines.</summary>
    public ShardGroup Group => group;

    /// <summary>When the spool was opened, counted in lines read (the oldest wins a tie when choosing which to publish).</summary>
    public long Opened => opened;

    /// <summary>Lines in the shard.</summary>
    public long LineCount { get; private set; }

    /// <summary>Bytes in the shard.</summary>
    public long Bytes { get; private set; }

    /// <summary>Adds a line's envelope to the shard, creating the temp file on the first line.</summary>
    public async ValueTask AppendAsync(long sequence, JobLine line, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            _path = Path.Combine(directory, $"bi-shard-{Guid.NewGuid():N}.jsonl");
            // The shard's prompts: readable by this user only, whatever the umask.
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = FileBufferBytes, Options = FileOptions.Asynchronous,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            _file = new FileStream(_path, options);
            _firstSequence = sequence;
            _firstLineNumber = line.LineNumber;
        }

        await _file.WriteAsync(envelope, cancellationToken).ConfigureAwait(false);
        _lastSequence = sequence;
        _lastLineNumber = line.LineNumber;
        LineCount++;
        Bytes += envelope.Length;
        if (line is RequestLine)
        {
            _requestLines++;
        }
        else
        {
            _invalidLines++;
        }
    }

    /// <summary>
    /// Closes the shard as number <paramref name="index"/>, awaits <paramref name="publish"/> with a read-only stream at
    /// position 0 over its file, and deletes the file.
    /// </summary>
    public async Task<ShardInfo> PublishAsync(int index, Func<ShardInfo, Stream, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        if (_file is null || _path is null)
        {
            throw new InvalidOperationException("The shard is empty; an empty shard is never published.");
        }

        var info = new ShardInfo(
            index, group, _firstSequence, _lastSequence, LineCount, _firstLineNumber, _lastLineNumber, Bytes, _requestLines, _invalidLines);
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
        _file = null;
        var contents = new FileStream(
            _path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferBytes, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (contents.ConfigureAwait(false))
        {
            await publish(info, contents, cancellationToken).ConfigureAwait(false);
        }

        DeleteFile();
        return info;
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
            _file = null;
        }

        DeleteFile();
    }

    private void DeleteFile()
    {
        if (_path is not null)
        {
            File.Delete(_path);
            _path = null;
        }
    }
}
