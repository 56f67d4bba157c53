using System.Text.RegularExpressions;

namespace BatchInference.Ledger.Pricing;

/// <summary>
/// Names of one model's snapshots and aliases: OpenAI dates its snapshots <c>-2024-08-06</c>, Anthropic
/// <c>-20251001</c>, and both publish <c>-latest</c> aliases. Providers bill a snapshot like its base model, so the
/// catalog prices it as the base unless it has an entry of its own.
/// </summary>
internal static partial class SnapshotSuffix
{
    /// <summary>The base model of <paramref name="model"/>: its name without a snapshot date or <c>-latest</c>.</summary>
    public static string BaseOf(string model)
    {
        var match = Suffix().Match(model);
        return match.Success && match.Index > 0 ? model[..match.Index] : model;
    }

    /// <summary>
    /// <paramref name="model"/> without an OpenAI snapshot date (<c>-2024-07-18</c>): the name usage reports and the
    /// ledger are compared under (Anthropic's usage report keeps its dated names, and so does reconciliation).
    /// </summary>
    public static string StripOpenAIDate(string model)
    {
        var match = OpenAIDate().Match(model);
        return match.Success ? model[..match.Index] : model;
    }

    [GeneratedRegex(@"-\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAIDate();

    // -YYYY-MM-DD (OpenAI), -YYYYMMDD (Anthropic, a 20th or 21st century date so a model's own number is not taken
    // for one), -latest (both).
    [GeneratedRegex(@"-(?:(?:19|20)\d{2}-[01]\d-[0-3]\d|(?:19|20)\d{2}[01]\d[0-3]\d|latest)$", RegexOptions.CultureInvariant)]
    private static partial Regex Suffix();
}
