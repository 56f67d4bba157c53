using System.Globalization;

namespace BatchInference.Orchestrations.Layout;

/// <summary>Where everything lives in the storage account (see ARCHITECTURE.md, "Storage layout").</summary>
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

    /// <summary><c>results/&lt;jobId&gt;/output.jsonl</c>.</summary>
    public static string Output(string jobId) => $"{jobId}/output.jsonl";

    /// <summary><c>results/&lt;jobId&gt;/errors.jsonl</c>.</summary>
    public static string Errors(string jobId) => $"{jobId}/errors.jsonl";

    /// <summary><c>results/&lt;jobId&gt;/summary.json</c>; written last, so its presence means the job is finished.</summary>
    public static string Summary(string jobId) => $"{jobId}/summary.json";

    /// <summary><c>ledger/&lt;jobId&gt;/part-&lt;n&gt;.jsonl</c>.</summary>
    public static string LedgerPart(string jobId, int part) =>
        string.Create(CultureInfo.InvariantCulture, $"{jobId}/part-{part:D5}.jsonl");

    /// <summary><c>reports/spend/date=YYYY-MM-DD/part-&lt;jobId&gt;.parquet</c>, partitioned by charge date (UTC).</summary>
    public static string SpendReport(DateOnly chargeDate, string jobId) =>
        string.Create(CultureInfo.InvariantCulture, $"spend/date={chargeDate:yyyy-MM-dd}/part-{jobId}.parquet");

    /// <summary>The sidecar settings file of an input blob: <c>x.jsonl</c> → <c>x.job.json</c>.</summary>
    public static string Sidecar(string inputBlobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputBlobName);
        var stem = inputBlobName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? inputBlobName[..^6] : inputBlobName;
        return stem + ".job.json";
    }
}
