using BatchInference.Providers.Resilience;

namespace BatchInference.Providers.Realtime;

/// <summary>The running state of one <see cref="RealtimeClient.SendAsync"/>: its attempts so far and the last answer.</summary>
/// <remarks>Attempts run one after another (the pipeline awaits each), so no locking is needed.</remarks>
internal sealed class RealtimeCall(RealtimeRequest request, CancellationToken callerToken)
{
    private readonly List<AttemptRecord> _attempts = [];

    public RealtimeRequest Request { get; } = request;

    public CancellationToken CallerToken { get; } = callerToken;

    public IReadOnlyList<AttemptRecord> Attempts => _attempts;

    public int NextAttempt => _attempts.Count + 1;

    public ProviderResponse? LastResponse { get; private set; }

    public void Record(AttemptRecord attempt, ProviderResponse? response)
    {
        _attempts.Add(attempt);
        LastResponse = response ?? LastResponse;
    }

    public RealtimeOutcome Succeeded(ProviderResponse response) =>
        new(Request.CustomId, true, response.StatusCode, response.RequestId, response.Body, null, null, _attempts.ToArray());

    public RealtimeOutcome Failed(string errorCode, string errorMessage) => new(
        Request.CustomId,
        false,
        LastResponse?.StatusCode,
        LastResponse?.RequestId,
        LastResponse?.Body ?? ReadOnlyMemory<byte>.Empty,
        errorCode,
        errorMessage,
        _attempts.ToArray());
}
