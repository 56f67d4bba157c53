using System.Security.Cryptography;
using System.Text;
using BatchInference.Storage.ServiceBus;

namespace BatchInference.Storage.Tests.ServiceBus;

public sealed class ServiceBusSasTokenTests
{
    private static readonly Uri Resource = new("https://contoso.servicebus.windows.net/batch-jobs");
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Create_KnownKeyAndExpiry_MatchesHandComputedToken()
    {
        // Computed outside .NET (Python hmac/hashlib/urllib) from the documented algorithm:
        // HMAC-SHA256(UTF-8 key, quote(uri) + "\n" + "1700000000"), Base64, then URL-encoded.
        const string Expected = "SharedAccessSignature sr=https%3A%2F%2Fcontoso.servicebus.windows.net%2Fbatch-jobs"
            + "&sig=JyT2ro%2BsQ9xNHSDQGTGt7U80azNw60Z11AtVyvfn8PM%3D&se=1700000000&skn=RootManageSharedAccessKey";

        var token = ServiceBusSasToken.Create(Resource, "RootManageSharedAccessKey", "S3cr3tKey+/=", Expiry);

        Assert.Equal(Expected, token);
    }

    [Fact]
    public void Create_AnyKey_SignatureIsHmacOfEncodedResourceNewlineExpiry()
    {
        const string Key = "another-key-with-ünïcode";
        var token = ServiceBusSasToken.Create(Resource, "send", Key, Expiry);

        var parts = token["SharedAccessSignature ".Length..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Key));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(parts["sr"] + "\n" + parts["se"])));
        Assert.Equal(expected, Uri.UnescapeDataString(parts["sig"]));
        Assert.Equal(Resource.AbsoluteUri, Uri.UnescapeDataString(parts["sr"]));
        Assert.Equal("1700000000", parts["se"]);
        Assert.Equal("send", parts["skn"]);
    }

    [Fact]
    public void Create_DifferentExpiry_ChangesSignature()
    {
        var first = ServiceBusSasToken.Create(Resource, "send", "k", Expiry);
        var second = ServiceBusSasToken.Create(Resource, "send", "k", Expiry.AddSeconds(1));

        Assert.NotEqual(first.Split("&sig=")[1].Split('&')[0], second.Split("&sig=")[1].Split('&')[0]);
    }
}
