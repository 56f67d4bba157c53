namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>
/// The checkpoint record format, one JSON object per line of a part blob:
/// <c>{"seq","line","custom_id","model","kind","attempts","out":{…the published line…},"ledger":[…entries…]}</c>.
/// </summary>
internal static class PartRecordFields
{
    public static ReadOnlySpan<byte> Sequence => "seq"u8;

    public static ReadOnlySpan<byte> Line => "line"u8;

    public static ReadOnlySpan<byte> CustomId => "custom_id"u8;

    public static ReadOnlySpan<byte> Model => "model"u8;

    public static ReadOnlySpan<byte> Kind => "kind"u8;

    public static ReadOnlySpan<byte> Attempts => "attempts"u8;

    public static ReadOnlySpan<byte> Out => "out"u8;

    public static ReadOnlySpan<byte> Ledger => "ledger"u8;

    public static string KindName(ResultKind kind) => kind switch
    {
        ResultKind.Succeeded => "succeeded",
        ResultKind.Failed => "failed",
        ResultKind.Invalid => "invalid",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ResultKind ParseKind(string? name) => name switch
    {
        "succeeded" => ResultKind.Succeeded,
        "failed" => ResultKind.Failed,
        "invalid" => ResultKind.Invalid,
        _ => throw new InvalidDataException($"Unknown checkpoint record kind '{name}'."),
    };
}
