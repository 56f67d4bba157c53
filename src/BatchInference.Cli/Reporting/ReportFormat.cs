namespace BatchInference.Cli.Reporting;

/// <summary>How <c>bi report</c> writes its groups.</summary>
internal enum ReportFormat
{
    /// <summary>A console table with a total row.</summary>
    Table,

    /// <summary>RFC 4180 CSV, one row per group, to stdout or <c>--out</c>.</summary>
    Csv,

    /// <summary>A Parquet file (<c>--out</c> required), one row per group.</summary>
    Parquet,
}
