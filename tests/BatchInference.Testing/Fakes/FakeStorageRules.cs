namespace BatchInference.Testing.Fakes;

/// <summary>
/// The argument checks the storage adapters make before a request, repeated so the fakes refuse what the real
/// clients refuse (an argument a fake accepted but Azure rejects would let a unit test pass that production fails).
/// </summary>
internal static class FakeStorageRules
{
    public const int MaxBlockSize = 256 * 1024 * 1024;

    public static void Container(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var valid = container.Length is >= 3 and <= 63
            && container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && char.IsAsciiLetterOrDigit(container[0])
            && char.IsAsciiLetterOrDigit(container[^1])
            && !container.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException($"Invalid container name '{container}'.", nameof(container));
        }
    }

    public static void BlobName(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        if (blobName.Length is 0 or > 1024 || blobName.Split('/').Any(s => s is "." or ".."))
        {
            throw new ArgumentException($"Invalid blob name '{blobName}'.", nameof(blobName));
        }
    }

    /// <summary>Names are ASCII C# identifiers, unique ignoring case; values printable ASCII without edge spaces.</summary>
    public static Dictionary<string, string> Metadata(IReadOnlyDictionary<string, string>? metadata)
    {
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
        {
            var identifier = name.Length > 0
                && (char.IsAsciiLetter(name[0]) || name[0] == '_')
                && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
            var printable = value is not null
                && value.All(c => c is >= ' ' and <= '~')
                && (value.Length == 0 || (value[0] != ' ' && value[^1] != ' '));
            if (!identifier || !printable || !copy.TryAdd(name, value!))
            {
                throw new ArgumentException($"Invalid metadata '{name}'.", nameof(metadata));
            }
        }

        return copy;
    }

    /// <summary>Queue visibility: whole seconds, rounded up, so nothing becomes visible earlier than asked.</summary>
    public static TimeSpan Visibility(TimeSpan? value, bool allowZero, string parameterName)
    {
        var span = value ?? TimeSpan.Zero;
        if (span < TimeSpan.Zero || (!allowZero && span == TimeSpan.Zero) || span > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(parameterName, span, "Queue visibility is 0 (or 1 for a lock) seconds to 7 days.");
        }

        return TimeSpan.FromSeconds((span.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);
    }

    /// <summary>Storage reports times as HTTP dates: whole seconds.</summary>
    public static DateTimeOffset Stamp(DateTimeOffset time) => time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerSecond));
}
