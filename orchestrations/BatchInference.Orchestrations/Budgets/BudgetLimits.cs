using System.Globalization;
using System.Text;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Budgets;

/// <summary>The caps that apply to a job's lines: its own budget, and the monthly budget of each of its tags that has one.</summary>
internal static class BudgetLimits
{
    public static IReadOnlyList<BudgetLimit> For(JobState job, EngineOptions options, DateTimeOffset now)
    {
        var limits = new List<BudgetLimit>();
        if (job.BudgetUsd is { } budget)
        {
            limits.Add(new BudgetLimit($"job-{job.JobId}", budget, $"the job's budget of {budget.ToString(CultureInfo.InvariantCulture)} USD"));
        }

        foreach (var (key, value) in job.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (options.MonthlyBudgets.TryGetValue(key, out var byValue) && byValue.TryGetValue(value, out var monthly))
            {
                var month = now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                limits.Add(new BudgetLimit(
                    $"tag-{Safe(key)}={Safe(value)}-{month}", monthly,
                    $"the monthly budget of {monthly.ToString(CultureInfo.InvariantCulture)} USD for {key}={value} ({month})"));
            }
        }

        return limits;
    }

    // Tag keys and values are free text; blob names get a readable, collision-resistant form of them.
    private static string Safe(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return builder.Length == text.Length && builder.ToString() == text
            ? text
            : builder.Append('~').Append(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 4))).ToString();
    }
}
