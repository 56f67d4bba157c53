namespace BatchInference.Providers.Tests.Infrastructure;

/// <summary>Completes a held reply when disposed, so a capture server never waits on it while shutting down.</summary>
internal sealed class Release(TaskCompletionSource<CaptureReply> hold, CaptureReply reply) : IDisposable
{
    public void Dispose() => hold.TrySetResult(reply);
}
