using BatchInference.Ledger.Columnar;

namespace BatchInference.Ledger.Focus;

// FOCUS 1.2 Conditional and Recommended columns that apply to a per-request LLM charge.
internal static partial class FocusColumns
{
    /// <summary>ChargeFrequency (Recommended, String, not null): One-Time, Recurring or Usage-Based.</summary>
    public static ParquetColumn ChargeFrequency { get; } = ParquetColumn.String("ChargeFrequency");

    /// <summary>CommitmentDiscountCategory (Conditional, String, nullable): Spend or Usage; null without a commitment.</summary>
    public static ParquetColumn CommitmentDiscountCategory { get; } = ParquetColumn.String("CommitmentDiscountCategory", nullable: true);

    /// <summary>CommitmentDiscountId (Conditional, String, nullable): "MUST be null when a charge is not related to a commitment discount".</summary>
    public static ParquetColumn CommitmentDiscountId { get; } = ParquetColumn.String("CommitmentDiscountId", nullable: true);

    /// <summary>CommitmentDiscountName (Conditional, String, nullable): null when CommitmentDiscountId is null.</summary>
    public static ParquetColumn CommitmentDiscountName { get; } = ParquetColumn.String("CommitmentDiscountName", nullable: true);

    /// <summary>CommitmentDiscountQuantity (Conditional, Decimal, nullable): "MUST be null in all other cases" than commitment rows.</summary>
    public static ParquetColumn CommitmentDiscountQuantity { get; } = Money("CommitmentDiscountQuantity", nullable: true);

    /// <summary>CommitmentDiscountStatus (Conditional, String, nullable): "MUST be null when CommitmentDiscountId is null".</summary>
    public static ParquetColumn CommitmentDiscountStatus { get; } = ParquetColumn.String("CommitmentDiscountStatus", nullable: true);

    /// <summary>CommitmentDiscountType (Conditional, String, nullable): null when CommitmentDiscountId is null.</summary>
    public static ParquetColumn CommitmentDiscountType { get; } = ParquetColumn.String("CommitmentDiscountType", nullable: true);

    /// <summary>CommitmentDiscountUnit (Conditional, String, nullable): null when CommitmentDiscountQuantity is null.</summary>
    public static ParquetColumn CommitmentDiscountUnit { get; } = ParquetColumn.String("CommitmentDiscountUnit", nullable: true);

    /// <summary>
    /// ConsumedQuantity (Conditional, Decimal, nullable): "MUST NOT be null" for Usage rows that are not corrections;
    /// here the tokens the request consumed.
    /// </summary>
    public static ParquetColumn ConsumedQuantity { get; } = ParquetColumn.Decimal("ConsumedQuantity", MoneyPrecision, 0, nullable: true);

    /// <summary>ConsumedUnit (Conditional, String, nullable): null exactly when ConsumedQuantity is; Unit Format.</summary>
    public static ParquetColumn ConsumedUnit { get; } = ParquetColumn.String("ConsumedUnit", nullable: true);

    /// <summary>
    /// ContractedUnitPrice (Conditional, Decimal, nullable): "MUST NOT be null when ChargeCategory is Usage"; × PricingQuantity
    /// "MUST match the ContractedCost".
    /// </summary>
    public static ParquetColumn ContractedUnitPrice { get; } = Money("ContractedUnitPrice", nullable: true);

    /// <summary>
    /// ListUnitPrice (Conditional, Decimal, nullable): "MUST NOT be null when ChargeCategory is Usage"; × PricingQuantity
    /// "MUST match the ListCost".
    /// </summary>
    public static ParquetColumn ListUnitPrice { get; } = Money("ListUnitPrice", nullable: true);

    /// <summary>PricingCategory (Conditional, String, nullable): Standard, Dynamic, Committed or Other; not null for Usage.</summary>
    public static ParquetColumn PricingCategory { get; } = ParquetColumn.String("PricingCategory", nullable: true);

    /// <summary>RegionId (Conditional, String, nullable): "MAY be null when a service is not operated in … a distinct region".</summary>
    public static ParquetColumn RegionId { get; } = ParquetColumn.String("RegionId", nullable: true);

    /// <summary>RegionName (Conditional, String, nullable): "MUST be null when RegionId is null", not null otherwise.</summary>
    public static ParquetColumn RegionName { get; } = ParquetColumn.String("RegionName", nullable: true);

    /// <summary>
    /// ServiceSubcategory (Recommended, String, not null): one allowed value whose parent is the row's ServiceCategory.
    /// </summary>
    public static ParquetColumn ServiceSubcategory { get; } = ParquetColumn.String("ServiceSubcategory");

    /// <summary>
    /// SkuId (Conditional, String, nullable): "MUST NOT be null when ChargeCategory is Usage"; "MUST remain consistent
    /// across PricingCategory values" and other factors that change the price but not the functionality.
    /// </summary>
    public static ParquetColumn SkuId { get; } = ParquetColumn.String("SkuId", nullable: true);

    /// <summary>SkuMeter (Conditional, String, nullable): "SHOULD NOT be null when SkuId is not null".</summary>
    public static ParquetColumn SkuMeter { get; } = ParquetColumn.String("SkuMeter", nullable: true);

    /// <summary>SkuPriceDetails (Conditional, JSON, nullable): "MAY be null when SkuPriceId is not null".</summary>
    public static ParquetColumn SkuPriceDetails { get; } = ParquetColumn.String("SkuPriceDetails", nullable: true);

    /// <summary>
    /// SkuPriceId (Conditional, String, nullable): not null for Usage; "MUST have one and only one parent SkuId" and
    /// reference a SKU price in the provider's price list.
    /// </summary>
    public static ParquetColumn SkuPriceId { get; } = ParquetColumn.String("SkuPriceId", nullable: true);

    /// <summary>SubAccountId (Conditional, String, nullable): "MUST be null when a charge is not related to a sub account".</summary>
    public static ParquetColumn SubAccountId { get; } = ParquetColumn.String("SubAccountId", nullable: true);

    /// <summary>SubAccountName (Conditional, String, nullable): "MUST be null when SubAccountId is null".</summary>
    public static ParquetColumn SubAccountName { get; } = ParquetColumn.String("SubAccountName", nullable: true);

    /// <summary>Tags (Conditional, JSON, nullable): "Tags MAY be null"; a JSON object of all user-defined tags otherwise.</summary>
    public static ParquetColumn Tags { get; } = ParquetColumn.String("Tags", nullable: true);
}
