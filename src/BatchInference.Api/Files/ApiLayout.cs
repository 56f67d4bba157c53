using BatchInference.Orchestrations.Layout;

namespace BatchInference.Api.Files;

/// <summary>
/// Where the API keeps what it owns, per team, in the jobs container (outside <c>incoming/</c>, so no drop trigger
/// ever starts a job from it): <c>api/&lt;team&gt;/files/&lt;fileId&gt;.jsonl</c> is an uploaded file and the input its
/// batches' jobs read, <c>api/&lt;team&gt;/batches/&lt;batchId&gt;.json</c> a batch's record. Output and error files are the
/// job's own <c>results/&lt;jobId&gt;/output.jsonl</c> and <c>errors.jsonl</c>.
/// </summary>
internal static class ApiLayout
{
    public const string Container = StorageLayout.JobsContainer;

    public static string FilesPrefix(string team) => $"api/{team}/files/";

    public static string File(string team, string fileId) => FilesPrefix(team) + fileId + ".jsonl";

    public static string BatchesPrefix(string team) => $"api/{team}/batches/";

    public static string Batch(string team, string batchId) => BatchesPrefix(team) + batchId + ".json";
}
