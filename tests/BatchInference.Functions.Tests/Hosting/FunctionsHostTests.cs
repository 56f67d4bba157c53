using System.Net;
using System.Text.Json.Nodes;
using BatchInference.Functions.Hosting;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Functions.Tests.Hosting;

/// <summary>While storage is unreachable the handler answers, clearly: /health and every invocation get a 503 with why.</summary>
public sealed class FunctionsHostTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new();
    private readonly int _blobPort = StorageReadinessTests.ClosedPort();
    private FunctionsHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:{_blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_blobPort}/devstoreaccount1;",
            ["Providers:OpenAI:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Providers:OpenAI:ApiKey"] = "test",
        }).Build();
        _host = await FunctionsHost.StartAsync(configuration, 0, NullLoggerFactory.Instance, _clock, embedded: true).WaitAsync(Poll.HangGuard);
        _http = new HttpClient { BaseAddress = _host.BaseAddress };
        await Poll.UntilAsync(() => _host.Readiness.FailedAttempts >= 1, "the first start-up attempt to fail", TimeSpan.FromSeconds(20));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Health_StorageUnreachable_Answers503WithTheEndpointAndTheFailure()
    {
        using var response = await _http.GetAsync(new Uri("health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("starting", body["status"]!.GetValue<string>());
        var reason = body["reason"]!.GetValue<string>();
        Assert.Contains($"storage at http://127.0.0.1:{_blobPort}/devstoreaccount1", reason, StringComparison.Ordinal);
        Assert.Contains("is not reachable (", reason, StringComparison.Ordinal);
        Assert.Contains("attempt 1 failed, next in 1 s", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_StorageUnreachable_Answers503PayloadWithTheReasonSoTheHostRetries()
    {
        var (status, body) = await InvokeAsync("JobStatus", FunctionsHarness.Payload("http-get-status.json", new Dictionary<string, string> { ["jobId"] = "job_1" }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var error = body["ReturnValue"]!["error"]!.GetValue<string>();
        Assert.Contains($"http://127.0.0.1:{_blobPort}/devstoreaccount1", error, StringComparison.Ordinal);
        Assert.Contains("JobStatus cannot run yet", Responses.Logs(body), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> InvokeAsync(string function, string payload)
    {
        using var content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(function, UriKind.Relative), content);
        return (response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
