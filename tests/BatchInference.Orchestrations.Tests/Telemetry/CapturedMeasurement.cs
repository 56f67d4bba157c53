namespace BatchInference.Orchestrations.Tests.Telemetry;

/// <summary>One metric measurement as a listener saw it; <paramref name="JobId"/> is the job of the span current then.</summary>
internal sealed record CapturedMeasurement(
    string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags, string? JobId)
{
    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value?.ToString() : null;
}
