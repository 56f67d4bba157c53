using BatchInference.Ledger.Pricing;

namespace BatchInference.Ledger.Reconciliation;

/// <summary>
/// The name both sides are compared under: providers report the dated snapshot that served a call
/// (<c>gpt-4o-mini-2024-07-18</c>) while the ledger holds what the caller asked for (<c>gpt-4o-mini</c>).
/// </summary>
internal static class ModelName
{
    public static string Normalize(string model) => SnapshotSuffix.StripOpenAIDate(model);
}
