using BatchInference.Api;
using BatchInference.Api.Auth;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Serving;

/// <summary>
/// Which keys <c>bi serve</c> accepts: <c>--api-key KEY</c> (team <c>local</c>), else the configured <c>Api:Keys</c>,
/// else, with <c>--local</c> only, the documented local key <see cref="LocalKey"/>. A server without <c>--local</c> and
/// without keys is refused: it would let nobody in.
/// </summary>
internal static class ServeKeys
{
    /// <summary>The key <c>bi serve --local</c> accepts when none is given or configured (documented in the README).</summary>
    public const string LocalKey = "bi-local-key";

    /// <summary>The team of <c>--api-key</c> and of <see cref="LocalKey"/>.</summary>
    public const string LocalTeam = "local";

    public static (ApiKeyring Keys, string Description) Choose(string? apiKey, bool local, IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            return (ApiKeyring.ForKey(apiKey, LocalTeam), "the key given with --api-key");
        }

        ApiKeyring configured;
        try
        {
            configured = ApiKeyring.From(configuration);
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException(ex.Message, ex);
        }

        if (!configured.IsEmpty)
        {
            return (configured, $"the keys configured in {BatchApiOptions.SectionName}:Keys");
        }

        return local
            ? (ApiKeyring.ForKey(LocalKey, LocalTeam), $"the local key {LocalKey}")
            : throw new UsageException("No API keys: pass --api-key KEY or configure Api__Keys__<sha256 of the key>__Team (see README, \"Use your OpenAI SDK code\").");
    }
}
