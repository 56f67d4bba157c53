using BatchInference.Api.Auth;
using BatchInference.Cli.Serving;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Tests.Serving;

public sealed class ServeKeysTests
{
    private static readonly IConfiguration None = new ConfigurationBuilder().Build();

    [Fact]
    public void Choose_ApiKeyGiven_OnlyThatKeyLetsIn()
    {
        var (keys, _) = ServeKeys.Choose("sk-given", local: true, None);

        Assert.Equal(ServeKeys.LocalTeam, keys.FindKey("sk-given")?.Team);
        Assert.Null(keys.FindKey(ServeKeys.LocalKey));
    }

    [Fact]
    public void Choose_LocalWithoutKeys_TheDocumentedLocalKey() =>
        Assert.NotNull(ServeKeys.Choose(null, local: true, None).Keys.FindKey(ServeKeys.LocalKey));

    [Fact]
    public void Choose_ConfiguredKeys_WinOverTheLocalKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Api:Keys:{ApiKeyring.HashHex("sk-team")}:Team"] = "team",
        }).Build();

        var (keys, _) = ServeKeys.Choose(null, local: true, configuration);

        Assert.Equal("team", keys.FindKey("sk-team")?.Team);
        Assert.Null(keys.FindKey(ServeKeys.LocalKey));
    }

    [Fact]
    public void Choose_NotLocalAndNoKeys_UsageErrorNamingTheSetting()
    {
        var error = Assert.Throws<UsageException>(() => ServeKeys.Choose(null, local: false, None));

        Assert.Contains("Api__Keys__", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_LocalKey_AuthenticatesAsBearer()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + ServeKeys.LocalKey;

        Assert.Equal(ServeKeys.LocalTeam, new ApiAuthenticator(ServeKeys.Choose(null, local: true, None).Keys).Authenticate(context.Request)?.Team);
    }
}
