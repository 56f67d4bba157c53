using BatchInference.Jobs.Intake;

namespace BatchInference.Jobs.Sharding;

/// <summary>
/// Splits a job's JSONL input into shards in one streaming pass. Every record the intake reader yields (requests and
/// invalid lines alike) becomes one envelope line of a shard file (read back with <see cref="ShardEnvelopeReader"/>),
/// numbered by its 0-based sequence in the job, the order results are merged in.
/// </summary>
/// <remarks>
/// <para>The shard being built is spooled to a local temp file, not memory: memory stays flat whatever the input size
/// (the reader's line buffer, one envelope and the duplicate-id set the reader keeps). A shard closes when it holds
/// <see cref="ShardLimits.MaxLines"/> lines or the next envelope would take it past <see cref="ShardLimits.MaxBytes"/>;
/// an envelope larger than <see cref="ShardLimits.MaxBytes"/> makes a shard of its own. Each closed shard is handed to
/// the publish callback, awaited, and its temp file deleted before the next shard starts.</para>
/// <para>Cancelling stops reading and publishing (the token is passed to the callback too); a cancelled or failed split
/// deletes its temp file and throws. Shards already published stay published: the caller owns them.</para>
/// </remarks>
public static class JobSharder
{
    /// <summary>Reads <paramref name="input"/> once and publishes it as shards.</summary>
    /// <param name="input">The job's JSONL input; read forward only and not disposed.</param>
    /// <param name="readerOptions">The intake limits and accepted URLs.</param>
    /// <param name="limits">The largest shard.</param>
    /// <param name="publishShard">
    /// Stores one shard, e.g. as a blob: gets the shard's info and a read-only, seekable stream at position 0 over its
    /// file (<see cref="ShardInfo.Bytes"/> long), valid until the returned task completes. A thrown exception ends the
    /// split and propagates.
    /// </param>
    /// <param name="spoolDirectory">Where the temp file of the current shard lives; the system temp folder when null.</param>
    /// <param name="cancellationToken">Stops the split.</param>
    /// <returns>The published shards and the input's counts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A limit or reader option is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="JsonlReaderOptions.SupportedUrls"/> is empty.</exception>
    public static Task<ShardingResult> SplitAsync(
        Stream input,
        JsonlReaderOptions readerOptions,
        ShardLimits limits,
        Func<ShardInfo, Stream, CancellationToken, Task> publishShard,
        string? spoolDirectory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(readerOptions);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(publishShard);
        readerOptions.Validate();
        limits.Validate();
        var directory = string.IsNullOrWhiteSpace(spoolDirectory) ? Path.GetTempPath() : spoolDirectory;
        return SplitCoreAsync(input, readerOptions, limits, publishShard, directory, cancellationToken);
    }

    private static async Task<ShardingResult> SplitCoreAsync(
        Stream input,
        JsonlReaderOptions readerOptions,
        ShardLimits limits,
        Func<ShardInfo, Stream, CancellationToken, Task> publishShard,
        string directory,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var stats = new JsonlReaderStats();
        var shards = new List<ShardInfo>();
        long sequence = 0;
        using var envelopes = new ShardEnvelopeWriter();
        var spool = new ShardSpool(directory);
        await using (spool.ConfigureAwait(false))
        {
            var lines = JsonlRequestReader.ReadAsync(input, stats, readerOptions, cancellationToken);
            await foreach (var line in lines.ConfigureAwait(false))
            {
                var envelope = envelopes.Write(sequence, line);
                if (spool.LineCount > 0 && spool.Bytes + envelope.Length > limits.MaxBytes)
                {
                    shards.Add(await spool.PublishAsync(publishShard, cancellationToken).ConfigureAwait(false));
                }

                await spool.AppendAsync(sequence, line, envelope, cancellationToken).ConfigureAwait(false);
                sequence++;

                // Publish as soon as no further line can fit, rather than after reading the next one.
                if (spool.LineCount >= limits.MaxLines || spool.Bytes >= limits.MaxBytes)
                {
                    shards.Add(await spool.PublishAsync(publishShard, cancellationToken).ConfigureAwait(false));
                }
            }

            if (spool.LineCount > 0)
            {
                shards.Add(await spool.PublishAsync(publishShard, cancellationToken).ConfigureAwait(false));
            }
        }

        return new ShardingResult(shards, sequence, stats.RequestLines, stats.InvalidLines, stats.BlankLines, stats.BytesRead);
    }
}
