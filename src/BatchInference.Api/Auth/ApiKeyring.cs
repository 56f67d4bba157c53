using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Api.Auth;

/// <summary>
/// The API keys clients may present, held only as SHA-256 hashes (section <c>Api:Keys</c>: one entry per key, named by
/// the key's lowercase hex SHA-256, with <c>Team</c> and optional <c>Tags</c>), and the Entra ID principals of section
/// <c>Api:Principals</c> (named by object id) when the host runs behind App Service authentication.
/// </summary>
public sealed class ApiKeyring
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Api";

    private readonly (byte[] Hash, ApiCaller Caller)[] _keys;
    private readonly Dictionary<string, ApiCaller> _principals;

    private ApiKeyring((byte[] Hash, ApiCaller Caller)[] keys, Dictionary<string, ApiCaller> principals)
    {
        _keys = keys;
        _principals = principals;
    }

    /// <summary>True when nothing is configured: no request can be let in.</summary>
    public bool IsEmpty => _keys.Length == 0 && _principals.Count == 0;

    /// <summary>A keyring of one key for one team (<c>bi serve --api-key</c>).</summary>
    /// <param name="key">The key clients present.</param>
    /// <param name="team">Its team.</param>
    /// <returns>The keyring.</returns>
    public static ApiKeyring ForKey(string key, string team)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        TeamNames.Require(team, "team");
        return new([(Hash(key), new ApiCaller(team, new Dictionary<string, string>()))], []);
    }

    /// <summary>Reads <c>Api:Keys</c> and <c>Api:Principals</c>.</summary>
    /// <param name="configuration">The host's settings.</param>
    /// <returns>The keyring.</returns>
    /// <exception cref="InvalidOperationException">An entry is malformed; the message names it (never a key).</exception>
    public static ApiKeyring From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var keys = new List<(byte[], ApiCaller)>();
        foreach (var entry in section.GetSection("Keys").GetChildren())
        {
            if (entry.Key.Length != 64 || !entry.Key.All(Uri.IsHexDigit))
            {
                throw new InvalidOperationException($"Api:Keys:{entry.Key} must be named by the key's SHA-256 in hex (64 digits).");
            }

            keys.Add((Convert.FromHexString(entry.Key), Caller(entry, $"Api:Keys:{entry.Key}")));
        }

        var principals = new Dictionary<string, ApiCaller>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in section.GetSection("Principals").GetChildren())
        {
            principals[entry.Key] = Caller(entry, $"Api:Principals:{entry.Key}");
        }

        return new([.. keys], principals);
    }

    /// <summary>The lowercase hex SHA-256 of a key: what <c>Api:Keys</c> entries are named by.</summary>
    /// <param name="key">The key.</param>
    /// <returns>64 hex digits.</returns>
    public static string HashHex(string key) => Convert.ToHexStringLower(Hash(key));

    /// <summary>The caller a presented key belongs to, or null.</summary>
    /// <param name="key">The key as presented.</param>
    /// <returns>The caller.</returns>
    public ApiCaller? FindKey(string key)
    {
        var hash = Hash(key);
        ApiCaller? found = null;
        // Every entry is compared in fixed time, so how long the check takes says nothing about which hash came close.
        foreach (var (candidate, caller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                found = caller;
            }
        }

        return found;
    }

    /// <summary>The caller an Entra ID principal (object id) maps to, or null.</summary>
    /// <param name="objectId">The principal's object id.</param>
    /// <returns>The caller.</returns>
    public ApiCaller? FindPrincipal(string objectId) => _principals.GetValueOrDefault(objectId);

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static ApiCaller Caller(IConfigurationSection entry, string path)
    {
        var team = entry["Team"];
        TeamNames.Require(team, path + ":Team");
        var tags = entry.GetSection("Tags").GetChildren().ToDictionary(t => t.Key, t => t.Value ?? string.Empty, StringComparer.Ordinal);
        return new ApiCaller(team!, tags);
    }
}
