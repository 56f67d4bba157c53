namespace BatchInference.Providers.Transport;

/// <summary>Where Anthropic's API lives for an endpoint, and the headers it needs.</summary>
internal static class AnthropicEndpoint
{
    public const string MessagesUrl = "/v1/messages";
    public const string ApiKeyHeader = "x-api-key";
    public const string VersionHeader = "anthropic-version";
    public const string RequestIdHeader = "request-id";

    /// <summary>
    /// The address the API paths (<c>/v1/...</c>) hang off, without a trailing slash: the configured base address with
    /// its version segment removed, as the Anthropic SDK expects (<c>https://api.anthropic.com</c>).
    /// </summary>
    public static string Root(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var text = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return text.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? text[..^3] : text;
    }

    public static Uri Messages(Uri baseUrl) => new(Root(baseUrl) + MessagesUrl);
}
