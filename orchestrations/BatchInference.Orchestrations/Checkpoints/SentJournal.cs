using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BatchInference.Jobs.Intake;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Budgets;
using BatchInference.Orchestrations.Layout;
using BatchInference.Providers.Realtime;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>
/// The write-ahead record of a shard run's real-time calls: lines are gathered into a group and the group is written
/// as one small blob (<c>shards/&lt;k&gt;/sent/&lt;run&gt;-&lt;n&gt;.jsonl</c>) before any of its requests is handed on
/// to be sent. A crash can then lose an answer but never the fact that its call may have gone out: the merge counts,
/// per line, the journal entries no answered record matches, and books each as an <c>unknown</c> outcome (see
/// <see cref="UnknownOutcomes"/>). One storage write per group, not per line; a group is at most
/// <see cref="Capacity"/> lines, so a crash overstates the calls that went out by at most one group.
/// Not thread-safe: the shard run's request loop is its only user.
/// </summary>
internal sealed class SentJournal(IBlobStore blobs, string jobId, int shard, int capacity)
{
    private const int GroupsAhead = 8;

    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private readonly List<(SentLine Line, RealtimeRequest Request)> _pending = [];
    private int _next;

    /// <summary>Most lines in one group.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Lines gathered and not yet written.</summary>
    public int Pending => _pending.Count;

    /// <summary>True when the group is full and must be written before more lines are gathered.</summary>
    public bool IsFull => _pending.Count >= Capacity;

    /// <summary>Adds a line to the current group; it must not be sent before <see cref="WriteAsync"/> returned it.</summary>
    public void Add(SentLine line, RealtimeRequest request) => _pending.Add((line, request));

    /// <summary>Writes the current group (if any) and returns its requests, now free to be sent, in the order added.</summary>
    /// <exception cref="InvalidOperationException">The group's blob exists: another runner uses this run's name.</exception>
    public async Task<IReadOnlyList<RealtimeRequest>> WriteAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return [];
        }

        using var content = new MemoryStream();
        foreach (var (line, _) in _pending)
        {
            JsonSerializer.Serialize(content, line, SentJournalJsonContext.Default.SentLine);
            content.WriteByte((byte)'\n');
        }

        content.Position = 0;
        var name = StorageLayout.ShardSentPrefix(jobId, shard) + string.Create(CultureInfo.InvariantCulture, $"{_run}-{_next:D6}.jsonl");
        var result = await blobs.UploadAsync(
            StorageLayout.WorkContainer, name, content,
            new BlobUploadOptions { ContentType = "application/jsonl", Conditions = BlobConditions.IfNotExists }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Journal work/{name} already exists.");
        }

        _next++;
        var requests = _pending.Select(p => p.Request).ToList();
        _pending.Clear();
        return requests;
    }

    /// <summary>
    /// Every journal entry of the shard, from every run, in no particular order. A shard's journal is one small blob per
    /// group (hundreds for a large shard), so several are downloaded at once.
    /// </summary>
    public static async IAsyncEnumerable<SentLine> ReadAllAsync(
        IBlobStore blobs, string jobId, int shard, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in blobs.ListAsync(StorageLayout.WorkContainer, StorageLayout.ShardSentPrefix(jobId, shard), cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            names.Add(item.Name);
        }

        await foreach (var (name, content) in blobs.DownloadContentsAsync(StorageLayout.WorkContainer, names, GroupsAhead, cancellationToken)
            .ConfigureAwait(false))
        {
            var text = content?.Content.ToString() ?? throw new InvalidDataException($"Journal work/{name} was listed but is gone.");
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return JsonSerializer.Deserialize(line, SentJournalJsonContext.Default.SentLine)
                    ?? throw new InvalidDataException($"Journal work/{name} has an empty entry.");
            }
        }
    }
}

/// <summary>One journal entry: a real-time call about to be sent, with what the ledger needs if its answer is lost.</summary>
/// <param name="Sequence">The line's place in the job.</param>
/// <param name="Line">Its 1-based input line number.</param>
/// <param name="CustomId">Its <c>custom_id</c>.</param>
/// <param name="Model">Its model.</param>
/// <param name="Provider">The provider it was routed to.</param>
/// <param name="Tier">The tier it was routed to.</param>
/// <param name="At">When the group was written (just before the call went out).</param>
/// <param name="EstimatedMaxCost">The most the call can cost (see <c>CostEstimator</c>).</param>
internal sealed record SentLine(
    long Sequence, long Line, string CustomId, string Model, string Provider, string Tier, DateTimeOffset At, decimal EstimatedMaxCost)
{
    /// <summary>The entry of <paramref name="request"/> about to go out to <paramref name="provider"/>'s <paramref name="tier"/>.</summary>
    public static SentLine For(long sequence, RequestLine request, string provider, string tier, PriceCatalog catalog, DateTimeOffset at) => new(
        sequence, request.LineNumber, request.CustomId, request.Model, provider, tier, at,
        catalog.TryGetPrice(provider, request.Model, tier, out var price) ? CostEstimator.Estimate(request, price) : 0m);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SentLine))]
internal sealed partial class SentJournalJsonContext : JsonSerializerContext;
