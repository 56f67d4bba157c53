namespace BatchInference.Jobs.Settings;

/// <summary>
/// What a webhook URL must look like on paper; where it resolves to is checked by the engine when the job is accepted
/// and at every send (it knows the deployment's own endpoints and whether private addresses are allowed).
/// </summary>
public static class WebhookUrlRules
{
    /// <summary>The longest URL accepted.</summary>
    public const int MaxLength = 2048;

    /// <summary>What an accepted URL looks like, for error messages.</summary>
    public const string Expected = "an absolute https URL without user info or fragment, at most 2048 characters";

    /// <summary>Checks <paramref name="url"/>; null when it is acceptable, else what is wrong.</summary>
    /// <param name="url">The URL as written.</param>
    /// <param name="uri">The parsed URL when acceptable.</param>
    /// <returns>The problem, or null.</returns>
    public static string? Check(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength || !Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return $"is not valid; expected {Expected}.";
        }

        // http passes here so a deployment that allows it (local tests) can use it; the engine refuses it otherwise.
        if (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
        {
            return $"has scheme \"{parsed.Scheme}\"; expected {Expected}.";
        }

        if (parsed.UserInfo.Length > 0 || parsed.Fragment.Length > 0 || parsed.Host.Length == 0)
        {
            return $"must have a host and no user info or fragment; expected {Expected}.";
        }

        uri = parsed;
        return null;
    }
}
