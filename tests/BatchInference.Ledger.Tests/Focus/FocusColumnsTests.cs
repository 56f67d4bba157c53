using BatchInference.Ledger.Focus;
using BatchInference.Ledger.Columnar;
using BatchInference.Ledger.Spend;
using BatchInference.Ledger.Tests.Spend;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Focus;

public sealed class FocusColumnsTests : IDisposable
{
    // Every column whose "Feature level" is Mandatory in FOCUS 1.2 (FOCUS_Spec tag v1.2, specification/columns/*.md).
    private static readonly string[] Focus12Mandatory =
    [
        "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
        "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost",
        "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
        "ServiceCategory", "ServiceName",
    ];

    // FOCUS 1.2 columns whose "Allows nulls" is False: they must be REQUIRED in the file.
    private static readonly string[] Focus12NotNull =
    [
        "BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
        "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName",
        "ListCost", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName", "ServiceSubcategory",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("bi-focus-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task All_WrittenReport_DuckDbSeesEveryMandatoryColumnWithDeclaredTypeAndNullability()
    {
        var path = await SpendLedgerSamples.WriteAsync(Path.Combine(_dir, "r.parquet"), SpendLedgerSamples.Entries(10));
        var f = DuckDbQuery.Literal(path);
        var described = (await DuckDbQuery.QueryAsync($"DESCRIBE SELECT * FROM read_parquet({f})"))
            .ToDictionary(r => r.GetProperty("column_name").GetString()!, r => r.GetProperty("column_type").GetString()!);
        var physical = (await DuckDbQuery.QueryAsync($"SELECT name, type, repetition_type, logical_type FROM parquet_schema({f}) WHERE type IS NOT NULL"))
            .ToDictionary(
                r => r.GetProperty("name").GetString()!,
                r => (Type: r.GetProperty("type").GetString()!, Repetition: r.GetProperty("repetition_type").GetString()!,
                      Logical: r.GetProperty("logical_type").GetString()));

        Assert.All(Focus12Mandatory, name => Assert.Contains(name, described.Keys));
        Assert.All(Focus12Mandatory, name => Assert.Contains(FocusColumns.All, c => c.Name == name));
        Assert.Equal(SpendReportSchema.Schema.Columns.Select(c => c.Name), described.Keys);
        foreach (var column in SpendReportSchema.Schema.Columns)
        {
            var (type, repetition, logical) = physical[column.Name];
            Assert.Equal(ExpectedDuckDbType(column), described[column.Name]);
            Assert.Equal(column.IsNullable ? "OPTIONAL" : "REQUIRED", repetition);
            Assert.Equal(ExpectedPhysicalType(column), type);
            if (column.Type == ParquetColumnType.TimestampUtc)
            {
                Assert.Contains("isAdjustedToUTC=1", logical, StringComparison.Ordinal);
                Assert.Contains("MILLIS=MilliSeconds()", logical, StringComparison.Ordinal);
            }
        }

        foreach (var column in FocusColumns.All)
        {
            Assert.Equal(!Focus12NotNull.Contains(column.Name), column.IsNullable);
        }
    }

    [Fact]
    public void All_ReportSchema_FocusColumnsSortedAndFirstThenCustomColumns()
    {
        var names = SpendReportSchema.Schema.Columns.Select(c => c.Name).ToList();
        var focus = names.TakeWhile(n => !n.StartsWith("x_", StringComparison.Ordinal)).ToList();

        Assert.Equal(FocusColumns.All.Select(c => c.Name), focus);
        Assert.Equal(focus.Order(StringComparer.Ordinal), focus);
        Assert.All(names.Skip(focus.Count), n => Assert.StartsWith("x_", n, StringComparison.Ordinal));
        Assert.All(focus, n => Assert.True(char.IsUpper(n[0]) && n.All(char.IsAsciiLetterOrDigit), n));
    }

    private static string ExpectedDuckDbType(ParquetColumn column) => column.Type switch
    {
        ParquetColumnType.String => "VARCHAR",
        ParquetColumnType.Int32 => "INTEGER",
        ParquetColumnType.Int64 => "BIGINT",
        ParquetColumnType.Boolean => "BOOLEAN",
        ParquetColumnType.TimestampUtc => "TIMESTAMP WITH TIME ZONE",
        ParquetColumnType.Decimal => $"DECIMAL({column.Precision},{column.Scale})",
        _ => throw new InvalidOperationException($"The report has no {column.Type} column."),
    };

    private static string ExpectedPhysicalType(ParquetColumn column) => column.Type switch
    {
        ParquetColumnType.String => "BYTE_ARRAY",
        ParquetColumnType.Int32 => "INT32",
        ParquetColumnType.Boolean => "BOOLEAN",
        ParquetColumnType.Decimal when column.Precision <= 9 => "INT32",
        ParquetColumnType.Decimal when column.Precision > 18 => "FIXED_LEN_BYTE_ARRAY",
        _ => "INT64",
    };
}
