using System.Globalization;
using System.Text;

namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>
/// The sequence numbers a part holds, written as the part's <c>seqs</c> metadata (ranges such as <c>5-130,132</c>) so a
/// slice resuming its shard learns what is done from one listing of the parts instead of downloading and parsing every
/// record written so far (which made a shard's slices cost more the further it got). Written with the part in one
/// request, so the list and the records cannot disagree; a part without it (too many ranges, or written before) is
/// read instead.
/// </summary>
internal static class PartSequences
{
    /// <summary>The metadata name.</summary>
    public const string MetadataName = "seqs";

    // All of a blob's metadata must fit in 8 KiB; the counters take about 100 bytes.
    private const int MaxLength = 6 * 1024;

    /// <summary>The ranges of <paramref name="sequences"/>; null when they do not fit in metadata.</summary>
    public static string? Encode(IEnumerable<long> sequences)
    {
        var text = new StringBuilder();
        long? start = null, end = null;
        foreach (var sequence in sequences.Order())
        {
            if (end is { } last && (sequence == last || sequence == last + 1))
            {
                end = sequence;
                continue;
            }

            Append(text, start, end);
            start = end = sequence;
        }

        Append(text, start, end);
        return text.Length <= MaxLength ? text.ToString() : null;
    }

    /// <summary>Adds the sequences <paramref name="ranges"/> names to <paramref name="done"/>.</summary>
    /// <exception cref="InvalidDataException">The value is not a list of ranges.</exception>
    public static void AddTo(string ranges, ISet<long> done)
    {
        foreach (var range in ranges.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            var first = Parse(dash < 0 ? range : range[..dash]);
            var last = dash < 0 ? first : Parse(range[(dash + 1)..]);
            if (last < first)
            {
                throw new InvalidDataException($"Checkpoint part metadata '{MetadataName}' has a reversed range '{range}'.");
            }

            for (var sequence = first; sequence <= last; sequence++)
            {
                done.Add(sequence);
            }
        }
    }

    private static void Append(StringBuilder text, long? start, long? end)
    {
        if (start is not { } first || end is not { } last)
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append(',');
        }

        text.Append(CultureInfo.InvariantCulture, $"{first}");
        if (last != first)
        {
            text.Append(CultureInfo.InvariantCulture, $"-{last}");
        }
    }

    private static long Parse(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidDataException($"Checkpoint part metadata '{MetadataName}' has a bad number '{value}'.");
}
