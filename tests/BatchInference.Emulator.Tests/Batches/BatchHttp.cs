using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace BatchInference.Emulator.Tests.Batches;

/// <summary>Raw-HTTP calls to the emulator's Files, Batches and Message Batches APIs, as any client would make them.</summary>
internal static class BatchHttp
{
    public const string AnthropicVersion = "2023-06-01";

    public static string ChatLine(string customId, string userText, string model = "gpt-4o-mini", string url = "/v1/chat/completions") =>
        JsonSerializer.Serialize(new
        {
            custom_id = customId,
            method = "POST",
            url,
            body = new { model, messages = new[] { new { role = "user", content = userText } } },
        });

    public static string Jsonl(IEnumerable<string> lines) => string.Join('\n', lines) + "\n";

    public static string ChatFile(int lines, string model = "gpt-4o-mini") =>
        Jsonl(Enumerable.Range(1, lines).Select(i => ChatLine($"line-{i}", $"question number {i}", model)));

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string content, string filename = "input.jsonl", string? purpose = "batch")
    {
        using var form = new MultipartFormDataContent();
        if (purpose is not null)
        {
            form.Add(new StringContent(purpose), "purpose");
        }

        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", filename);
        return await client.PostAsync("v1/files", form);
    }

    public static async Task<string> UploadIdAsync(HttpClient client, string content)
    {
        using var response = await UploadAsync(client, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await TestEmulator.ReadJsonAsync(response)).GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> CreateBatchAsync(
        HttpClient client, string fileId, string endpoint = "/v1/chat/completions", IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var response = await TestEmulator.PostJsonAsync(
            client, "v1/batches", JsonSerializer.Serialize(new { input_file_id = fileId, endpoint, completion_window = "24h", metadata }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestEmulator.ReadJsonAsync(response);
    }

    /// <summary>Uploads <paramref name="jsonl"/> and creates a chat batch from it.</summary>
    public static async Task<string> StartBatchAsync(HttpClient client, string jsonl, IReadOnlyDictionary<string, string>? metadata = null) =>
        (await CreateBatchAsync(client, await UploadIdAsync(client, jsonl), metadata: metadata)).GetProperty("id").GetString()!;

    public static Task<JsonElement> GetJsonAsync(HttpClient client, string path) => GetJsonAsync(client, path, HttpStatusCode.OK);

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await TestEmulator.ReadJsonAsync(response);
    }

    public static async Task<List<JsonElement>> FileLinesAsync(HttpClient client, JsonElement fileId)
    {
        if (fileId.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var text = await client.GetStringAsync($"v1/files/{fileId.GetString()}/content");
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    public static HttpRequestMessage Anthropic(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("anthropic-version", AnthropicVersion);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public static async Task<JsonElement> AnthropicJsonAsync(HttpClient client, HttpMethod method, string path, string? json = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = Anthropic(method, path, json);
        using var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        return await TestEmulator.ReadJsonAsync(response);
    }
}
