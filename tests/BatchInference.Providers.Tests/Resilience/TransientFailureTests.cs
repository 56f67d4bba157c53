using System.ClientModel;
using System.Text.Json;
using BatchInference.Providers.Resilience;
using Polly;

namespace BatchInference.Providers.Tests.Resilience;

public sealed class TransientFailureTests
{
    public static TheoryData<Exception> ClientSide => new()
    {
        new HttpRequestException("Request headers must contain only ASCII characters."),
        new ClientResultException("send failed", response: null, new HttpRequestException("Request headers must contain only ASCII characters.")),
        new JsonException("not serializable"),
        new ArgumentException("bad value"),
        new InvalidOperationException("invalid header"),
    };

    [Theory]
    [MemberData(nameof(ClientSide))]
    public void ShouldRetry_ClientSideError_IsNotRetriedNorCountedAgainstTheProvider(Exception exception)
    {
        var outcome = Outcome.FromException<ProviderResponse>(exception);

        Assert.True(TransientFailure.IsClientSide(exception));
        Assert.False(TransientFailure.ShouldRetry(outcome, CancellationToken.None));
        Assert.False(TransientFailure.CountsAsFailure(outcome, CancellationToken.None));
    }

    [Fact]
    public void ShouldRetry_ConnectionRefused_IsRetried()
    {
        var outcome = Outcome.FromException<ProviderResponse>(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new IOException("refused")));

        Assert.True(TransientFailure.ShouldRetry(outcome, CancellationToken.None));
        Assert.True(TransientFailure.CountsAsFailure(outcome, CancellationToken.None));
    }
}
