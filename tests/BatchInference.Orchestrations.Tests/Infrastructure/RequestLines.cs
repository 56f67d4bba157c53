using System.Text;
using System.Text.Json;

namespace BatchInference.Orchestrations.Tests.Infrastructure;

/// <summary>OpenAI batch input lines, good and deliberately bad, as the bytes a user would upload.</summary>
internal static class RequestLines
{
    public const string ChatUrl = "/v1/chat/completions";
    public const string EmbeddingsUrl = "/v1/embeddings";

    public static byte[] Chat(string customId, string model, string text, int maxTokens = 24) => Line(new
    {
        custom_id = customId,
        method = "POST",
        url = ChatUrl,
        body = new { model, messages = new[] { new { role = "user", content = text } }, max_tokens = maxTokens, temperature = 0 },
    });

    public static byte[] Embedding(string customId, string model, string text) => Line(new
    {
        custom_id = customId,
        method = "POST",
        url = EmbeddingsUrl,
        body = new { model, input = text },
    });

    /// <summary>A chat line the reader accepts but the provider rejects with 400: the body has no <c>messages</c>.</summary>
    public static byte[] ChatWithoutMessages(string customId, string model) => Line(new
    {
        custom_id = customId,
        method = "POST",
        url = ChatUrl,
        body = new { model, max_tokens = 10 },
    });

    public static byte[] Text(string line) => Encoding.UTF8.GetBytes(line);

    private static byte[] Line(object value) => JsonSerializer.SerializeToUtf8Bytes(value);
}
