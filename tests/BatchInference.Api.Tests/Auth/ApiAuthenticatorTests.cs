using System.Text;
using BatchInference.Api.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Api.Tests.Auth;

public sealed class ApiAuthenticatorTests
{
    private const string Key = "sk-team-a";
    private const string ObjectId = "6f1c0c3e-0000-4000-8000-000000000001";

    [Fact]
    public void Authenticate_ConfiguredKeyAsBearer_ItsTeamAndTags()
    {
        var caller = new ApiAuthenticator(Keyring()).Authenticate(Request("Bearer " + Key));

        Assert.NotNull(caller);
        Assert.Equal("alpha", caller.Team);
        Assert.Equal("42", caller.Tags["cost_center"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer sk-other")]
    [InlineData("Basic c2stdGVhbS1hOg==")]
    public void Authenticate_NoValidKey_Null(string? authorization) =>
        Assert.Null(new ApiAuthenticator(Keyring()).Authenticate(Request(authorization)));

    [Fact]
    public void Authenticate_KeyHashAsBearer_Null() =>
        Assert.Null(new ApiAuthenticator(Keyring()).Authenticate(Request("Bearer " + ApiKeyring.HashHex(Key))));

    [Fact]
    public void Authenticate_PrincipalHeader_OnlyWhenThePlatformIsTrusted()
    {
        var request = Request(null);
        request.Headers["X-MS-CLIENT-PRINCIPAL-ID"] = ObjectId;

        Assert.Null(new ApiAuthenticator(Keyring()).Authenticate(request));
        Assert.Equal("beta", new ApiAuthenticator(Keyring(), trustPlatformPrincipal: true).Authenticate(request)?.Team);
    }

    [Fact]
    public void Authenticate_EncodedPrincipalWithObjectIdClaim_ItsTeam()
    {
        var request = Request(null);
        var principal = $$"""{"auth_typ":"aad","claims":[{"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"{{ObjectId}}"}]}""";
        request.Headers["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(principal));

        Assert.Equal("beta", new ApiAuthenticator(Keyring(), trustPlatformPrincipal: true).Authenticate(request)?.Team);
    }

    [Theory]
    [InlineData("Keys:abc:Team", "alpha", "SHA-256")]
    [InlineData("Keys:" + "0000000000000000000000000000000000000000000000000000000000000000" + ":Team", "Alpha Team", "team name")]
    public void From_MalformedEntry_SaysWhichWithoutAKey(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Api:" + key] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => ApiKeyring.From(configuration));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static ApiKeyring Keyring() => ApiKeyring.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [$"Api:Keys:{ApiKeyring.HashHex(Key)}:Team"] = "alpha",
        [$"Api:Keys:{ApiKeyring.HashHex(Key)}:Tags:cost_center"] = "42",
        [$"Api:Principals:{ObjectId}:Team"] = "beta",
    }).Build());

    private static HttpRequest Request(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context.Request;
    }
}
