namespace BatchInference.Bench.Tiers;

/// <summary>The totals of a <c>tiers-cost</c> run.</summary>
/// <param name="JobCost">Sum of the ledger's effective costs.</param>
/// <param name="CheapestFeasible">Sum of each shard's cheapest feasible option.</param>
/// <param name="PerLineBound">Each line alone on its cheapest feasible option, shard boundaries ignored.</param>
/// <param name="AllRealtime">Every line at its model's real-time price.</param>
/// <param name="LedgerLines">Paid attempts in the ledger.</param>
/// <param name="BillableCalls">Billable calls (and batch lines) the emulators logged.</param>
/// <param name="AnsweredLines">Input lines with a billable answer in the emulators' logs.</param>
internal sealed record CostFigures(
    decimal JobCost, decimal CheapestFeasible, decimal PerLineBound, decimal AllRealtime, int LedgerLines, int BillableCalls, int AnsweredLines)
{
    public const decimal Goal = 1.02m;

    public decimal VersusCheapest => Ratio(JobCost, CheapestFeasible);

    public decimal VersusPerLineBound => Ratio(JobCost, PerLineBound);

    public decimal VersusAllRealtime => Ratio(JobCost, AllRealtime);

    private static decimal Ratio(decimal a, decimal b) => b == 0 ? 0 : a / b;
}
