using System.Globalization;

namespace BatchInference.Bench.Tiers;

/// <summary>Prints one rate-limited run: a row per window, then the steady utilisation and the 429 share against their goals.</summary>
internal static class RateLimitReport
{
    public const double UtilisationGoal = 0.95;

    public const double RejectedGoal = 0.01;

    public static void Print(RateLimitScenario scenario, RateLimitMeasurement measurement, BenchJobResult job, double clientReservedPerCall)
    {
        var unit = scenario.Resource == LimitedResource.Tokens ? "tokens" : "requests";
        var output = Console.Out;
        output.WriteLine();
        output.WriteLine(scenario.Describe());
        output.WriteLine(Line(
            $"job {job.Summary.Status}: {job.Summary.Counts.Succeeded:N0}/{job.Summary.Counts.Total:N0} lines succeeded in {job.Wall.TotalSeconds:F1} s"));
        output.WriteLine(Line($"  {"window",-8}{"from",8}{"accepted",10}{"429",6}{unit,12}{"÷ limit",10}"));
        foreach (var window in measurement.Windows)
        {
            var label = window.Index == 0 ? "first" : window.Steady ? "steady" : "last";
            output.WriteLine(Line(
                $"  {window.Index + 1,-8}{window.Index * scenario.Window.TotalSeconds,7:0.#}s{window.Accepted,10:N0}{window.Rejected,6:N0}{window.Used,12:N0}{window.Used / (double)scenario.Limit,10:P1}  {label}"));
        }

        var steady = measurement.SteadyWindows.ToList();
        var utilisation = measurement.SteadyUtilisation(scenario.Limit);
        var steadyShare = measurement.SteadyCalls == 0 ? double.NaN : measurement.SteadyRejected / (double)measurement.SteadyCalls;
        var share = measurement.Calls == 0 ? double.NaN : measurement.Rejected / (double)measurement.Calls;
        var span = steady.Count == 0 ? "none" : $"windows {steady[0].Index + 1}–{steady[^1].Index + 1}";
        output.WriteLine(Line(
            $"  utilisation over the steady windows ({span}): {utilisation:P1} of the limit (goal ≥ {UtilisationGoal:P0}) — {Verdict(utilisation >= UtilisationGoal)}"));
        output.WriteLine(Line(
            $"  429 share: {share:P2} of {measurement.Calls:N0} calls over the whole run, {steadyShare:P2} in the steady windows (goal ≤ {RejectedGoal:P0}) — {Verdict(share <= RejectedGoal)}"));
        output.WriteLine(Line(
            $"  longest pause between two calls: {measurement.LongestGap.TotalSeconds:F2} s (a window is {scenario.Window.TotalSeconds:0.#} s; a pause of most of a window means the client sent in bursts)"));
        if (scenario.Resource == LimitedResource.Tokens)
        {
            output.WriteLine(Line(
                $"  an admitted call took {measurement.MeanUnitsPerCall:F1} tokens of the emulator's limit (prompt + max_tokens); our client reserved {clientReservedPerCall:F1} ",
                $"(body bytes ÷ 4 + max_tokens), so it can use at most {measurement.MeanUnitsPerCall / clientReservedPerCall:P1} of the limit"));
        }
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Line(FormattableString first, FormattableString second) => Line(first) + Line(second);
}
