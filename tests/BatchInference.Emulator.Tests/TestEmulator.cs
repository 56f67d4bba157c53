using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Emulator.Tests;

/// <summary>Starts real emulators on free loopback ports and talks to them over HTTP.</summary>
internal static class TestEmulator
{
    public static Task<EmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new EmulatorOptions();
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options, time ?? TimeProvider.System, NullLoggerFactory.Instance);
    }

    public static HttpClient Client(EmulatorServer server) => new() { BaseAddress = server.BaseAddress };

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json, string? clientRequestId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (clientRequestId is not null)
        {
            request.Headers.Add("X-Client-Request-Id", clientRequestId);
        }

        return client.SendAsync(request);
    }

    public static string ChatBody(string userText, string model = "gpt-4o-mini", string extra = "") =>
        JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = userText } } }).TrimEnd('}') + extra + "}";

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;
}
