using System.ClientModel;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI;

namespace BatchInference.Cli.Tests.Serving;

/// <summary>Input files and SDK clients for the serve tests: the official OpenAI .NET SDK, only its base URL and key changed.</summary>
internal static class SdkRequests
{
    public static OpenAIClient Client(ServeFixture server, string key) =>
        new(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = server.BaseAddress, NetworkTimeout = TimeSpan.FromMinutes(2) });

    /// <summary><paramref name="good"/> chat lines, then a line that is not JSON and a line without custom_id.</summary>
    public static byte[] ChatFile(int good, string model = "gpt-4o-mini", bool badLines = true, string? url = null)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= good; i++)
        {
            var line = new JsonObject
            {
                ["custom_id"] = $"req-{i}",
                ["method"] = "POST",
                ["url"] = i == 2 && url is not null ? url : "/v1/chat/completions",
                ["body"] = new JsonObject
                {
                    ["model"] = model,
                    ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = $"Say something about the number {i}." }),
                    ["max_tokens"] = 32,
                },
            };
            text.Append(line.ToJsonString()).Append('\n');
        }

        if (badLines)
        {
            text.Append("this line is not JSON\n");
            text.Append("{\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[]}}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static BinaryContent CreateBody(string fileId, string endpoint = "/v1/chat/completions", JsonObject? metadata = null)
    {
        var body = new JsonObject { ["input_file_id"] = fileId, ["endpoint"] = endpoint, ["completion_window"] = "24h" };
        if (metadata is not null)
        {
            body["metadata"] = metadata;
        }

        return BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
    }

    /// <summary>The JSON lines of a downloaded file.</summary>
    public static List<JsonObject> Lines(BinaryData file) =>
        [.. file.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];
}
