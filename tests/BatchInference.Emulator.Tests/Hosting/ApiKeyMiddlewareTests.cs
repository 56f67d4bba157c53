using System.Net;

namespace BatchInference.Emulator.Tests.Hosting;

public sealed class ApiKeyMiddlewareTests
{
    [Theory]
    [InlineData(null, null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer sk-wrong", null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer sk-test", null, HttpStatusCode.OK)]
    [InlineData(null, "sk-test", HttpStatusCode.OK)]
    public async Task Post_WithRequiredKey_AdmitsOnlyTheKey(string? authorization, string? apiKey, HttpStatusCode expected)
    {
        await using var server = await TestEmulator.StartAsync(o => o.RequiredApiKey = "sk-test");
        using var client = TestEmulator.Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(TestEmulator.ChatBody("hi"), System.Text.Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("api-key", apiKey);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        var record = Assert.Single(server.RequestLog.Snapshot());
        Assert.Equal(expected == HttpStatusCode.OK, record.Billable);
        if (expected == HttpStatusCode.Unauthorized)
        {
            var error = (await TestEmulator.ReadJsonAsync(response)).GetProperty("error");
            Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        }
    }
}
