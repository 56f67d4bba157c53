namespace BatchInference.Cli.Views;

/// <summary>How <c>bi plan</c> prints its plan.</summary>
internal enum PlanFormat
{
    /// <summary>Console tables: shards, totals, reasons and notes.</summary>
    Table,

    /// <summary>One JSON document on stdout in the engine's <c>plan.json</c> format, for scripts.</summary>
    Json,
}
