using System.Text.RegularExpressions;

namespace BatchInference.Ledger.Pricing;

/// <summary>Model snapshots carry a date suffix (<c>-2025-04-14</c>); they are billed like their base model.</summary>
internal static partial class SnapshotSuffix
{
    public static string StripDate(string model)
    {
        var match = DateSuffix().Match(model);
        return match.Success ? model[..match.Index] : model;
    }

    [GeneratedRegex(@"-\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DateSuffix();
}
