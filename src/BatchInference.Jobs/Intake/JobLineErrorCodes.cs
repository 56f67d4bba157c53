namespace BatchInference.Jobs.Intake;

/// <summary>
/// The stable error codes of <see cref="InvalidLine.Code"/>. They appear in <c>errors.jsonl</c> and are part of the
/// job contract: never rename one.
/// </summary>
public static class JobLineErrorCodes
{
    /// <summary>The line is not a single, well-formed JSON object.</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>The line contains bytes that are not valid UTF-8.</summary>
    public const string InvalidUtf8 = "invalid_utf8";

    /// <summary>The line is longer than <see cref="JsonlReaderOptions.MaxLineBytes"/>; it was skipped unread.</summary>
    public const string LineTooLarge = "line_too_large";

    /// <summary>The line has no <c>custom_id</c> (or it is <see langword="null"/>).</summary>
    public const string MissingCustomId = "missing_custom_id";

    /// <summary>The <c>custom_id</c> is not a string, is empty, or is longer than 512 characters.</summary>
    public const string InvalidCustomId = "invalid_custom_id";

    /// <summary>An earlier line already used this <c>custom_id</c>; the first occurrence runs, later ones do not.</summary>
    public const string DuplicateCustomId = "duplicate_custom_id";

    /// <summary>The <c>method</c> is missing or is not <c>POST</c>.</summary>
    public const string InvalidMethod = "invalid_method";

    /// <summary>The <c>url</c> is missing or not one of <see cref="JsonlReaderOptions.SupportedUrls"/>.</summary>
    public const string UnsupportedUrl = "unsupported_url";

    /// <summary>The <c>body</c> is missing, <see langword="null"/>, or not a JSON object.</summary>
    public const string MissingBody = "missing_body";

    /// <summary>The <c>body.model</c> is missing, not a string, or empty.</summary>
    public const string MissingModel = "missing_model";
}
