using System.Text;
using BatchInference.Orchestrations.Notifications;
using BatchInference.Testing.Webhooks;

namespace BatchInference.Orchestrations.Tests.Notifications;

public sealed class WebhookSignerTests
{
    // The test vector the Standard Webhooks reference libraries share.
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private static readonly byte[] SpecBody = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");

    [Fact]
    public void Sign_SpecTestVector_ReproducesThePublishedSignature()
    {
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSigner.Sign(WebhookSigner.ParseSecret(SpecSecret), SpecId, SpecTimestamp, SpecBody));
    }

    [Fact]
    public void Sign_AnySecret_VerifiesWithTheTestsIndependentVerifierAndNotWithAnotherBody()
    {
        var secret = StandardWebhookVerifier.NewSecret();
        var signature = WebhookSigner.Sign(WebhookSigner.ParseSecret(secret), "msg_1", 1_800_000_000, SpecBody);

        Assert.True(StandardWebhookVerifier.Verify(secret, "msg_1", "1800000000", signature, SpecBody));
        Assert.False(StandardWebhookVerifier.Verify(secret, "msg_1", "1800000001", signature, SpecBody));
        Assert.False(StandardWebhookVerifier.Verify(secret, "msg_2", "1800000000", signature, SpecBody));
        Assert.False(StandardWebhookVerifier.Verify(secret, "msg_1", "1800000000", signature, [.. SpecBody, (byte)' ']));
        Assert.False(StandardWebhookVerifier.Verify(StandardWebhookVerifier.NewSecret(), "msg_1", "1800000000", signature, SpecBody));
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]          // no prefix
    [InlineData("whsec_")]                                    // no key
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")]                            // 5 bytes: too short
    public void TryParseSecret_NotAStandardSecret_False(string secret)
    {
        Assert.False(WebhookSigner.TryParseSecret(secret, out _));
    }

    [Fact]
    public void TryParseSecret_SpecSecret_TwentyFourBytes()
    {
        Assert.True(WebhookSigner.TryParseSecret(SpecSecret, out var key));
        Assert.Equal(24, key.Length);
    }
}
