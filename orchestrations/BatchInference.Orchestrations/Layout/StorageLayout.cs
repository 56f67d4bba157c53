using System.Globalization;

namespace BatchInference.Orchestrations.Layout;

/// <summary>Where everything lives in the storage account (see docs/architecture.md, "Storage layout").</summary>
public static class StorageLayout
{
    /// <summary>Container users drop jobs into (<c>incoming/…</c>, <c>nightly/…</c>).</summary>
    public const string JobsContainer = "jobs";

    /// <summary>Prefix inside <see cref="JobsContainer"/> for dropped jobs.</summary>
    public const string IncomingPrefix = "incoming/";

    /// <summary>Container of job state (<c>work/&lt;jobId&gt;/…</c>).</summary>
    public const string WorkContainer = "work";

    /// <summary>Container of per-job results.</summary>
    public const string ResultsContainer = "results";

    /// <summary>Container of the cost ledger.</summary>
    public const string LedgerContainer = "ledger";

    /// <summary>Container of Parquet reports.</summary>
    public const string ReportsContainer = "reports";

    /// <summary>Every container the pipeline writes to or reads from.</summary>
    public static IReadOnlyList<string> Containers { get; } = [JobsContainer, WorkContainer, ResultsContainer, LedgerContainer, ReportsContainer];

    /// <summary><c>work/&lt;jobId&gt;/job.json</c>: the job's state; its lease is the claim of the runner working on it.</summary>
    public static string JobState(string jobId) => $"{jobId}/job.json";

    /// <summary><c>work/&lt;jobId&gt;/job.lock</c>: leased while the job is split or finished, so only one worker does either.</summary>
    public static string JobLock(string jobId) => $"{jobId}/job.lock";

    /// <summary><c>work/budgets/&lt;key&gt;.json</c>: a spending cap shared by every worker (a job's or a tag's monthly budget).</summary>
    public static string BudgetAccount(string key) => $"budgets/{key}.json";

    /// <summary><c>work/&lt;jobId&gt;/plan.json</c>: tier, provider and estimates per shard, as planned at split time.</summary>
    public static string Plan(string jobId) => $"{jobId}/plan.json";

    /// <summary><c>work/&lt;jobId&gt;/shards/</c>: everything of the job's shards.</summary>
    public static string ShardsPrefix(string jobId) => $"{jobId}/shards/";

    /// <summary><c>work/&lt;jobId&gt;/shards/&lt;k&gt;/</c>.</summary>
    public static string ShardPrefix(string jobId, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{jobId}/shards/{shard:D5}/");

    /// <summary><c>work/&lt;jobId&gt;/shards/&lt;k&gt;/input.jsonl</c>: the shard's lines, as written by the split.</summary>
    public static string ShardInput(string jobId, int shard) => ShardPrefix(jobId, shard) + "input.jsonl";

    /// <summary><c>work/&lt;jobId&gt;/shards/&lt;k&gt;/state.json</c>: the shard's state; its lease is the right to run it.</summary>
    public static string ShardState(string jobId, int shard) => ShardPrefix(jobId, shard) + "state.json";

    /// <summary>Work container: how many lines of the shard <c>cache_hints</c> changed (written before they are sent).</summary>
    public static string ShardCacheHints(string jobId, int shard) => ShardPrefix(jobId, shard) + "cache-hints.json";

    /// <summary><c>work/&lt;jobId&gt;/shards/&lt;k&gt;/results/</c>: the shard's checkpoint parts.</summary>
    public static string ShardPartsPrefix(string jobId, int shard) => ShardPrefix(jobId, shard) + "results/";

    /// <summary><c>work/&lt;jobId&gt;/shards/&lt;k&gt;/sent/</c>: the write-ahead journal of the shard's real-time calls.</summary>
    public static string ShardSentPrefix(string jobId, int shard) => ShardPrefix(jobId, shard) + "sent/";

    /// <summary><c>work/&lt;jobId&gt;/shards/&lt;k&gt;/results/part-&lt;n&gt;.jsonl</c>: one checkpoint, written once.</summary>
    public static string ShardPart(string jobId, int shard, int part) =>
        ShardPartsPrefix(jobId, shard) + string.Create(CultureInfo.InvariantCulture, $"part-{part:D6}.jsonl");

    /// <summary>The part number of a part blob name, or null when the name is not a part.</summary>
    public static int? PartNumber(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var file = blobName[(blobName.LastIndexOf('/') + 1)..];
        return file.StartsWith("part-", StringComparison.Ordinal) && file.EndsWith(".jsonl", StringComparison.Ordinal)
            && int.TryParse(file.AsSpan(5, file.Length - 11), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>The shard number in a name under <see cref="ShardsPrefix"/>, or null.</summary>
    public static int? ShardNumber(string jobId, string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var prefix = ShardsPrefix(jobId);
        if (!blobName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = blobName.AsSpan(prefix.Length);
        var slash = rest.IndexOf('/');
        return slash > 0 && int.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : null;
    }

    /// <summary><c>results/&lt;jobId&gt;/output.jsonl</c>.</summary>
    public static string Output(string jobId) => $"{jobId}/output.jsonl";

    /// <summary><c>results/&lt;jobId&gt;/errors.jsonl</c>.</summary>
    public static string Errors(string jobId) => $"{jobId}/errors.jsonl";

    /// <summary><c>results/&lt;jobId&gt;/summary.json</c>; written last, so its presence means the job is finished.</summary>
    public static string Summary(string jobId) => $"{jobId}/summary.json";

    /// <summary><c>results/&lt;jobId&gt;/notifications.jsonl</c>: one line per webhook delivery attempt.</summary>
    public static string Notifications(string jobId) => $"{jobId}/notifications.jsonl";

    /// <summary><c>ledger/&lt;jobId&gt;/part-&lt;n&gt;.jsonl</c>.</summary>
    public static string LedgerPart(string jobId, int part) =>
        string.Create(CultureInfo.InvariantCulture, $"{jobId}/part-{part:D5}.jsonl");

    /// <summary><c>reports/spend/date=YYYY-MM-DD/part-&lt;jobId&gt;.parquet</c>, partitioned by charge date (UTC).</summary>
    public static string SpendReport(DateOnly chargeDate, string jobId) =>
        string.Create(CultureInfo.InvariantCulture, $"spend/date={chargeDate:yyyy-MM-dd}/part-{jobId}.parquet");

    /// <summary><c>spend/date=YYYY-MM-DD/</c>: one day's spend-report partition in the reports container.</summary>
    public static string SpendPartition(DateOnly chargeDate) =>
        string.Create(CultureInfo.InvariantCulture, $"spend/date={chargeDate:yyyy-MM-dd}/");

    /// <summary><c>spend/date=YYYY-MM-DD/compacted.parquet</c>: the day's parts merged into one file.</summary>
    public static string CompactedSpendReport(DateOnly chargeDate) => SpendPartition(chargeDate) + "compacted.parquet";

    /// <summary><c>spend/date=YYYY-MM-DD/_compacted-jobs.txt</c>: the jobs a compacted file holds, one id per line
    /// (not <c>.parquet</c>, so readers globbing the partition skip it).</summary>
    public static string CompactedSpendManifest(DateOnly chargeDate) => SpendPartition(chargeDate) + "_compacted-jobs.txt";

    /// <summary>The job id of a per-job spend report name (<c>…/part-&lt;jobId&gt;.parquet</c>), or null.</summary>
    public static string? SpendReportJob(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var file = blobName[(blobName.LastIndexOf('/') + 1)..];
        return file.StartsWith("part-", StringComparison.Ordinal) && file.EndsWith(".parquet", StringComparison.Ordinal) && file.Length > 13
            ? file[5..^8]
            : null;
    }

    /// <summary><c>reconciliation/date=YYYY-MM-DD/part-&lt;provider&gt;.parquet</c>.</summary>
    public static string ReconciliationReport(DateOnly date, string provider) =>
        string.Create(CultureInfo.InvariantCulture, $"reconciliation/date={date:yyyy-MM-dd}/part-{provider}.parquet");

    /// <summary>Whether a blob is a sidecar (<c>&lt;name&gt;.job.json</c>): job settings, not a job. Every trigger that sees
    /// drops (the Functions app's, the CLI's local loop) tells them apart with this.</summary>
    public static bool IsSidecar(string blobName) => blobName.EndsWith(".job.json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The sidecar settings file of an input blob: <c>x.jsonl</c> → <c>x.job.json</c>.</summary>
    public static string Sidecar(string inputBlobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputBlobName);
        var stem = inputBlobName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? inputBlobName[..^6] : inputBlobName;
        return stem + ".job.json";
    }
}
