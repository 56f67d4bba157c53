namespace BatchInference.Cli.Reporting;

/// <summary>
/// The values of one group, one per dimension of the query in its order; null is a tag the line does not carry.
/// Compared ordinally, value by value.
/// </summary>
internal sealed class SpendGroupKey : IEquatable<SpendGroupKey>, IComparable<SpendGroupKey>
{
    private readonly string?[] _values;

    public SpendGroupKey(string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    public IReadOnlyList<string?> Values => _values;

    public bool Equals(SpendGroupKey? other) =>
        other is not null && _values.AsSpan().SequenceEqual(other._values, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SpendGroupKey);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var value in _values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    // Untagged (null) sorts before any value; days are yyyy-MM-dd, so ordinal order is date order.
    public int CompareTo(SpendGroupKey? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < Math.Min(_values.Length, other._values.Length); i++)
        {
            var byValue = string.CompareOrdinal(_values[i], other._values[i]);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return _values.Length.CompareTo(other._values.Length);
    }
}
