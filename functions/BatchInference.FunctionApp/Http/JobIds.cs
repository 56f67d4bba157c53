namespace BatchInference.FunctionApp.Http;

/// <summary>Route ids are checked before they reach storage: ids name blob paths (<c>work/&lt;jobId&gt;/job.json</c>).</summary>
internal static class JobIds
{
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= 128 } && !id.AsSpan().ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789_-");

    public static string Refusal(string? id) => $"'{id}' is not a job id (lowercase letters, digits, '_' and '-').";
}
