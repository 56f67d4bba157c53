using BatchInference.Ledger.Columnar;

namespace BatchInference.Ledger.Focus;

/// <summary>
/// The FOCUS 1.2 columns of the spend report (FinOps Open Cost and Usage Specification, tag <c>v1.2</c>,
/// <c>specification/columns/*.md</c>), in one place. Each column has the spec's data type (Decimal as
/// DECIMAL(18,12) for money, or DECIMAL(38,12) in a file holding $1,000,000 or more, see <see cref="MoneyWidth"/>; Date/Time as TIMESTAMP(MILLIS, UTC) (the spec's format has seconds; see
/// <see cref="ParquetColumnType.TimestampUtc"/> for why not MICROS), JSON as JSON text in a string column) and is
/// nullable exactly when the spec's "Allows nulls" constraint is True. This file holds the 21 Mandatory columns;
/// <c>FocusColumns.Conditional.cs</c> the Conditional and Recommended ones a per-request LLM charge fills.
/// </summary>
/// <remarks>
/// Conditional columns left out, and why: Resource* (tokens are billed to the account, not to a provisioned
/// resource, and the ledger does not record a deployment), CapacityReservation* (no reservations are used),
/// PricingCurrency* (pricing and billing currency are the same), BillingAccountType and SubAccountType (one type
/// each), AvailabilityZone and InvoiceId (Recommended; unknown to the pipeline).
/// </remarks>
internal static partial class FocusColumns
{
    /// <summary>The FOCUS version these columns follow.</summary>
    public const string Version = "1.2";

    /// <summary>
    /// Money precision: 18 digits, 12 after the point (an INT64 in Parquet): exact for per-token prices down to
    /// $0.000001 per 1M tokens, and any amount under $1,000,000. A file holding a larger amount (or a quantity of
    /// 10^18) is written with every decimal column at 38 digits instead (see <see cref="MoneyWidth"/>); readers sum
    /// either as DECIMAL(38,12), so no total overflows. FOCUS 1.2 leaves precision to the provider (Numeric Format).
    /// </summary>
    public const int MoneyPrecision = MoneyWidth.NarrowPrecision;

    /// <summary>Scale of every money column.</summary>
    public const int MoneyScale = 12;

    /// <summary>BilledCost (Mandatory, Decimal, not null): the charge as invoiced, after discounts, without amortization.</summary>
    public static ParquetColumn BilledCost { get; } = Money("BilledCost");

    /// <summary>BillingAccountId (Mandatory, String, not null): "MUST be a unique identifier within a provider".</summary>
    public static ParquetColumn BillingAccountId { get; } = ParquetColumn.String("BillingAccountId");

    /// <summary>
    /// BillingAccountName (Mandatory, String, nullable): "MUST NOT be null when the provider supports assigning a display
    /// name" — null when the name is not known to the pipeline.
    /// </summary>
    public static ParquetColumn BillingAccountName { get; } = ParquetColumn.String("BillingAccountName", nullable: true);

    /// <summary>BillingCurrency (Mandatory, String, not null): ISO 4217 national currency of the invoice.</summary>
    public static ParquetColumn BillingCurrency { get; } = ParquetColumn.String("BillingCurrency");

    /// <summary>BillingPeriodEnd (Mandatory, Date/Time, not null): exclusive end bound of the billing period.</summary>
    public static ParquetColumn BillingPeriodEnd { get; } = ParquetColumn.TimestampUtc("BillingPeriodEnd");

    /// <summary>BillingPeriodStart (Mandatory, Date/Time, not null): inclusive start bound of the billing period.</summary>
    public static ParquetColumn BillingPeriodStart { get; } = ParquetColumn.TimestampUtc("BillingPeriodStart");

    /// <summary>ChargeCategory (Mandatory, String, not null): one of Usage, Purchase, Tax, Credit, Adjustment.</summary>
    public static ParquetColumn ChargeCategory { get; } = ParquetColumn.String("ChargeCategory");

    /// <summary>
    /// ChargeClass (Mandatory, String, nullable): "MUST be null when the row does not represent a correction"; otherwise
    /// "Correction".
    /// </summary>
    public static ParquetColumn ChargeClass { get; } = ParquetColumn.String("ChargeClass", nullable: true);

    /// <summary>ChargeDescription (Mandatory, String, nullable; "SHOULD NOT be null"): self-contained summary of the charge.</summary>
    public static ParquetColumn ChargeDescription { get; } = ParquetColumn.String("ChargeDescription", nullable: true, dictionary: false);

    /// <summary>ChargePeriodEnd (Mandatory, Date/Time, not null): exclusive end bound of the charge's effective period.</summary>
    public static ParquetColumn ChargePeriodEnd { get; } = ParquetColumn.TimestampUtc("ChargePeriodEnd");

    /// <summary>ChargePeriodStart (Mandatory, Date/Time, not null): inclusive start bound of the charge's effective period.</summary>
    public static ParquetColumn ChargePeriodStart { get; } = ParquetColumn.TimestampUtc("ChargePeriodStart");

    /// <summary>
    /// ContractedCost (Mandatory, Decimal, not null): ContractedUnitPrice × PricingQuantity; "defaults to the List Cost"
    /// when no negotiated discount applies.
    /// </summary>
    public static ParquetColumn ContractedCost { get; } = Money("ContractedCost");

    /// <summary>EffectiveCost (Mandatory, Decimal, not null): amortized cost after all discounts and prepaid purchases.</summary>
    public static ParquetColumn EffectiveCost { get; } = Money("EffectiveCost");

    /// <summary>InvoiceIssuerName (Mandatory, String, not null): the entity that invoices the charge.</summary>
    public static ParquetColumn InvoiceIssuerName { get; } = ParquetColumn.String("InvoiceIssuerName");

    /// <summary>ListCost (Mandatory, Decimal, not null): ListUnitPrice × PricingQuantity.</summary>
    public static ParquetColumn ListCost { get; } = Money("ListCost");

    /// <summary>
    /// PricingQuantity (Mandatory, Decimal, nullable): "MUST NOT be null when ChargeCategory is Usage"; its product with a
    /// unit price "MUST match the corresponding cost metric".
    /// </summary>
    public static ParquetColumn PricingQuantity { get; } = ParquetColumn.Decimal("PricingQuantity", MoneyPrecision, 0, nullable: true);

    /// <summary>PricingUnit (Mandatory, String, nullable): null exactly when PricingQuantity is; Unit Format.</summary>
    public static ParquetColumn PricingUnit { get; } = ParquetColumn.String("PricingUnit", nullable: true);

    /// <summary>ProviderName (Mandatory, String, not null): the entity that made the service available for purchase.</summary>
    public static ParquetColumn ProviderName { get; } = ParquetColumn.String("ProviderName");

    /// <summary>PublisherName (Mandatory, String, not null): the entity that produced the service.</summary>
    public static ParquetColumn PublisherName { get; } = ParquetColumn.String("PublisherName");

    /// <summary>ServiceCategory (Mandatory, String, not null): one of the spec's allowed categories.</summary>
    public static ParquetColumn ServiceCategory { get; } = ParquetColumn.String("ServiceCategory");

    /// <summary>ServiceName (Mandatory, String, not null): the offering, with one ServiceCategory.</summary>
    public static ParquetColumn ServiceName { get; } = ParquetColumn.String("ServiceName");

    /// <summary>
    /// Every FOCUS column of the report, sorted by name as the spec's column-handling attribute allows ("Columns MAY be
    /// sorted alphabetically"); custom <c>x_</c> columns go after these.
    /// </summary>
    // Built on each call, not stored: static initializers in the two partial files run in no defined order.
    public static IReadOnlyList<ParquetColumn> All =>
    [
        BilledCost, BillingAccountId, BillingAccountName, BillingCurrency, BillingPeriodEnd, BillingPeriodStart,
        ChargeCategory, ChargeClass, ChargeDescription, ChargeFrequency, ChargePeriodEnd, ChargePeriodStart,
        CommitmentDiscountCategory, CommitmentDiscountId, CommitmentDiscountName, CommitmentDiscountQuantity,
        CommitmentDiscountStatus, CommitmentDiscountType, CommitmentDiscountUnit, ConsumedQuantity, ConsumedUnit,
        ContractedCost, ContractedUnitPrice, EffectiveCost, InvoiceIssuerName, ListCost, ListUnitPrice, PricingCategory,
        PricingQuantity, PricingUnit, ProviderName, PublisherName, RegionId, RegionName, ServiceCategory, ServiceName,
        ServiceSubcategory, SkuId, SkuMeter, SkuPriceDetails, SkuPriceId, SubAccountId, SubAccountName, Tags,
    ];

    private static ParquetColumn Money(string name, bool nullable = false) =>
        ParquetColumn.Decimal(name, MoneyPrecision, MoneyScale, nullable);
}
