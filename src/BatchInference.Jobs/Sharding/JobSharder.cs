using BatchInference.Jobs.Intake;

namespace BatchInference.Jobs.Sharding;

/// <summary>
/// Splits a job's JSONL input into shards in one streaming pass. Every record the intake reader yields (requests and
/// invalid lines alike) becomes one envelope line of a shard file (read back with <see cref="ShardEnvelopeReader"/>),
/// numbered by its 0-based sequence in the job, the order results are merged in.
/// </summary>
/// <remarks>
/// <para>Lines are grouped by endpoint and model (<see cref="ShardGroup"/>): every shard holds one group, so it can go
/// to any tier its model has, a provider batch included (batch files take one model and one endpoint). Invalid lines
/// make a group of their own. A shard's lines keep their input order but are not consecutive in the job; the merge puts
/// the job back in sequence order.</para>
/// <para>Each shard being built is spooled to a local temp file, not memory, at most
/// <see cref="ShardLimits.MaxOpenSpools"/> at once: memory stays flat whatever the input size (the reader's line buffer,
/// one envelope, one write buffer per open spool and the duplicate-id set the reader keeps). A shard closes when it
/// holds <see cref="ShardLimits.MaxLines"/> lines or the next envelope of its group would take it past
/// <see cref="ShardLimits.MaxBytes"/> (an envelope larger than that makes a shard of its own), when a line of a new
/// group needs a spool and it is the fullest of <see cref="ShardLimits.MaxOpenSpools"/> open ones, or at the end of the
/// input (oldest first). Each closed shard is numbered in publish order, handed to the publish callback, awaited, and
/// its temp file deleted. The same input always makes the same shards.</para>
/// <para>Cancelling stops reading and publishing (the token is passed to the callback too); a cancelled or failed split
/// deletes its temp files and throws. Shards already published stay published: the caller owns them.</para>
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
    /// <param name="spoolDirectory">Where the temp files of the shards being built live; the system temp folder when null.</param>
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
        List<ShardInfo> shards;
        long sequence = 0;
        using var envelopes = new ShardEnvelopeWriter();
        var spools = new OpenSpools(directory, limits, publishShard);
        await using (spools.ConfigureAwait(false))
        {
            var lines = JsonlRequestReader.ReadAsync(input, stats, readerOptions, cancellationToken);
            await foreach (var line in lines.ConfigureAwait(false))
            {
                var envelope = envelopes.Write(sequence, line);
                var spool = await spools.ForAsync(ShardGroup.Of(line), envelope.Length, sequence, cancellationToken).ConfigureAwait(false);
                await spool.AppendAsync(sequence, line, envelope, cancellationToken).ConfigureAwait(false);
                sequence++;

                // Publish as soon as no further line can fit, rather than after reading the group's next one.
                await spools.PublishIfFullAsync(spool, cancellationToken).ConfigureAwait(false);
            }

            await spools.PublishAllAsync(cancellationToken).ConfigureAwait(false);
            shards = [.. spools.Published];
        }

        return new ShardingResult(shards, sequence, stats.RequestLines, stats.InvalidLines, stats.BlankLines, stats.BytesRead);
    }
}
