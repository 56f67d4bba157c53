using System.Collections.Frozen;

namespace BatchInference.Orchestrations.Engine;

/// <summary>The providers this worker can reach, by name. Which provider and tier a shard uses is the planner's choice.</summary>
public sealed class ProviderSet
{
    private readonly FrozenDictionary<string, ProviderEndpoint> _byName;

    /// <summary>Creates the set.</summary>
    /// <param name="endpoints">Every provider; names must be unique.</param>
    /// <exception cref="ArgumentException">Two providers share a name, or there is none.</exception>
    public ProviderSet(IEnumerable<ProviderEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var byName = new Dictionary<string, ProviderEndpoint>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            if (!byName.TryAdd(endpoint.Name, endpoint))
            {
                throw new ArgumentException($"Provider '{endpoint.Name}' is configured twice.", nameof(endpoints));
            }
        }

        if (byName.Count == 0)
        {
            throw new ArgumentException("At least one provider must be configured.", nameof(endpoints));
        }

        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The configured provider names.</summary>
    public IReadOnlyCollection<string> Names => _byName.Keys;

    /// <summary>The provider called <paramref name="name"/>, or null when this worker has none by that name.</summary>
    public ProviderEndpoint? Find(string name) => _byName.GetValueOrDefault(name);
}
