using System.Text;
using System.Text.Json;

namespace BatchInference.Api.Batches;

/// <summary>
/// OpenAI's rule for a batch's input, checked before a job starts: every line's <c>url</c> equals the batch's
/// <c>endpoint</c>. Lines that are not JSON objects with a string <c>url</c> are left to the engine, which reports each
/// as an invalid line in the error file while the rest runs.
/// </summary>
internal static class InputCheck
{
    /// <summary>At most this many errors are listed; the last one says how many more there were.</summary>
    public const int MaxListed = 100;

    public static async Task<IReadOnlyList<BatchError>> MismatchedUrlsAsync(Stream input, string endpoint, CancellationToken cancellationToken)
    {
        var errors = new List<BatchError>();
        long more = 0;
        using var reader = new StreamReader(input, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        long line = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            line++;
            if (UrlOf(text) is not { } url || url == endpoint)
            {
                continue;
            }

            if (errors.Count < MaxListed)
            {
                errors.Add(new BatchError(
                    "mismatched_endpoint",
                    $"The url '{Shorten(url)}' of line {line} does not match the batch's endpoint '{endpoint}'; every line must use the batch's endpoint (or set metadata {BatchMetadata.MixedEndpoints}=true to mix).",
                    "url", line));
            }
            else
            {
                more++;
            }
        }

        if (more > 0)
        {
            errors.Add(new BatchError("mismatched_endpoint", $"{more} more lines do not match the batch's endpoint '{endpoint}'.", "url", null));
        }

        return errors;
    }

    private static string? UrlOf(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
                ? url.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
