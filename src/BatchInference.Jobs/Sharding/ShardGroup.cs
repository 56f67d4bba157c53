using BatchInference.Jobs.Intake;

namespace BatchInference.Jobs.Sharding;

/// <summary>
/// What the lines of one shard share: the endpoint and model of every request line in it (and so the providers and
/// tiers that may run it), or <see cref="Invalid"/> for the lines the intake rejected, which run nowhere.
/// </summary>
/// <param name="Url">The endpoint, e.g. <c>/v1/chat/completions</c>; null for <see cref="Invalid"/>.</param>
/// <param name="Model">The <c>body.model</c>; null for <see cref="Invalid"/>.</param>
public sealed record ShardGroup(string? Url, string? Model)
{
    /// <summary>The group of invalid input lines (including lines with no usable model).</summary>
    public static ShardGroup Invalid { get; } = new(null, null);

    /// <summary>Whether this is the group of invalid lines.</summary>
    public bool IsInvalid => Url is null && Model is null;

    /// <summary>The group <paramref name="line"/> belongs to.</summary>
    /// <param name="line">A line the intake reader produced.</param>
    /// <returns>Its endpoint and model, or <see cref="Invalid"/>.</returns>
    public static ShardGroup Of(JobLine line) => line is RequestLine request ? new(request.Url, request.Model) : Invalid;

    /// <inheritdoc/>
    public override string ToString() => IsInvalid ? "invalid lines" : $"{Model} {Url}";
}
