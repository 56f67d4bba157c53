using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BatchInference.Orchestrations.History;

/// <summary>
/// What a completion-time sample is about: the provider endpoint, model, tier and size bucket. Samples of one key are
/// kept in one blob, <c>work/history/&lt;scope&gt;/&lt;tier&gt;/&lt;bucket&gt;/&lt;model&gt;.json</c>.
/// </summary>
/// <param name="Scope">The provider endpoint (<see cref="ScopeOf"/>): its name, and a hash of its base URL when known.</param>
/// <param name="Model">The model.</param>
/// <param name="Tier">The tier, e.g. <c>batch</c> or <c>realtime</c>.</param>
/// <param name="Bucket">The size bucket (<see cref="BucketOf"/>).</param>
public sealed record CompletionKey(string Scope, string Model, string Tier, string Bucket)
{
    /// <summary>Where history blobs live in the <c>work</c> container.</summary>
    public const string Prefix = "history/";

    private static readonly long[] Bounds = [100, 1_000, 10_000];

    /// <summary>The key of <paramref name="lines"/> lines of <paramref name="model"/> on a provider endpoint.</summary>
    public static CompletionKey For(string provider, Uri? baseUrl, string model, string tier, long lines) =>
        new(ScopeOf(provider, baseUrl), model, tier, BucketOf(lines));

    /// <summary>The blob of this key, in the <c>work</c> container.</summary>
    public string BlobName => $"{Prefix}{Scope}/{Tier}/{Bucket}/{Uri.EscapeDataString(Model)}.json";

    /// <summary>
    /// A provider endpoint's scope: its name plus a short hash of its base URL, so two Azure OpenAI resources (or two test
    /// emulators) named alike learn apart, and the URL itself is not written into blob names.
    /// </summary>
    public static string ScopeOf(string provider, Uri? baseUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        if (baseUrl is null)
        {
            return provider;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(baseUrl.AbsoluteUri.TrimEnd('/').ToUpperInvariant()));
        return provider + "-" + Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }

    /// <summary>The size bucket of a shard of <paramref name="lines"/> lines: <c>1-100</c>, <c>101-1000</c>, <c>1001-10000</c>, <c>10001+</c>.</summary>
    public static string BucketOf(long lines)
    {
        var low = 1L;
        foreach (var bound in Bounds)
        {
            if (lines <= bound)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{low}-{bound}");
            }

            low = bound + 1;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{low}+");
    }
}
