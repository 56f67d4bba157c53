namespace BatchInference.Ledger.Pricing;

/// <summary>
/// A catalog file that cannot be used: not JSON, or entries with problems. It is a <see cref="FormatException"/> whose
/// message names the file and every problem; <see cref="Problems"/> lists them one by one (<c>bi catalog validate</c>).
/// </summary>
public sealed class PriceCatalogException : FormatException
{
    /// <summary>Creates the exception for <paramref name="sourceName"/>'s <paramref name="problems"/>.</summary>
    public PriceCatalogException(string sourceName, IReadOnlyList<string> problems, Exception? innerException = null)
        : base($"Price catalog {sourceName} has {problems.Count} problem(s): {string.Join("; ", problems)}", innerException)
    {
        Problems = problems;
    }

    /// <summary>Each problem, with the entry it is in (<c>prices[7].completion.p95</c>, <c>'gpt-x'</c>).</summary>
    public IReadOnlyList<string> Problems { get; }
}
