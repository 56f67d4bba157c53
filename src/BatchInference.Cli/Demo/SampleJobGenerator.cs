using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BatchInference.Cli.Demo;

/// <summary>
/// Writes the demo's sample job: OpenAI batch input lines (the first half one chat model; the second half several chat
/// and embedding models interleaved, which the split sorts into shards of one model each), a long shared system
/// prompt (so prompt caching shows in usage and cost), and a handful of deliberately bad lines that must come back as
/// error records while the rest of the job runs.
/// </summary>
internal static class SampleJobGenerator
{
    private static readonly string[] ChatModels = ["gpt-4.1-mini", "gpt-4o-mini", "gpt-4.1-nano"];

    private static readonly string[] Topics =
    [
        "a late parcel", "a double charge on my card", "resetting a password", "a broken blender", "upgrading a plan",
        "a missing refund", "changing the delivery address", "an app that crashes on start", "cancelling a subscription",
        "a wrong size shoe",
    ];

    /// <summary>The deliberately bad lines, with the error code the pipeline must report for each.</summary>
    public static IReadOnlyList<(string Line, string ExpectedCode)> BadLines { get; } =
    [
        ("{\"custom_id\": \"bad-json\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {", "invalid_json"),
        ("{\"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"model\": \"gpt-4.1-mini\", \"messages\": []}}", "missing_custom_id"),
        ("{\"custom_id\": \"bad-url\", \"method\": \"POST\", \"url\": \"/v1/images/generations\", \"body\": {\"model\": \"gpt-image-1\", \"prompt\": \"a cat\"}}", "unsupported_url"),
        ("{\"custom_id\": \"bad-method\", \"method\": \"GET\", \"url\": \"/v1/chat/completions\", \"body\": {\"model\": \"gpt-4.1-mini\", \"messages\": []}}", "invalid_method"),
        ("{\"custom_id\": \"no-model\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}}", "missing_model"),
        ("{\"custom_id\": \"unknown-model\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"model\": \"gpt-unknown-9\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}}", "model_not_in_catalog"),
    ];

    /// <summary>Writes <paramref name="lines"/> good requests plus the bad lines (spread through the file) and one duplicate id.</summary>
    /// <returns>How many lines are expected to succeed.</returns>
    public static async Task<int> WriteAsync(Stream output, int lines, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lines, 10);
        var systemPrompt = BuildSystemPrompt();
        var badEvery = lines / (BadLines.Count + 1);
        var bad = 0;
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        for (var i = 0; i < lines; i++)
        {
            if (bad < BadLines.Count && i > 0 && i % badEvery == 0)
            {
                await writer.WriteLineAsync(BadLines[bad++].Line.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            await writer.WriteLineAsync(GoodLine(i, systemPrompt, mixed: i >= lines / 2).AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        // A duplicate of the first id: the first occurrence runs, this one is reported.
        await writer.WriteLineAsync(GoodLine(0, systemPrompt, mixed: false).AsMemory(), cancellationToken).ConfigureAwait(false);
        return lines;
    }

    // The first half asks one chat model; the second half interleaves chat models and embeddings, which the split puts
    // into shards of one model and endpoint each, so every shard can go to a provider batch (a batch file takes one model).
    private static string GoodLine(int i, string systemPrompt, bool mixed)
    {
        var customId = string.Create(CultureInfo.InvariantCulture, $"req-{i:D5}");
        var topic = Topics[i % Topics.Length];
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("custom_id", customId);
            json.WriteString("method", "POST");
            if (mixed && i % 5 == 4)
            {
                json.WriteString("url", "/v1/embeddings");
                json.WriteStartObject("body");
                json.WriteString("model", "text-embedding-3-small");
                json.WriteString("input", string.Create(CultureInfo.InvariantCulture, $"Customer ticket #{i}: question about {topic}."));
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("url", "/v1/chat/completions");
                json.WriteStartObject("body");
                json.WriteString("model", mixed ? ChatModels[i % ChatModels.Length] : ChatModels[0]);
                json.WriteStartArray("messages");
                json.WriteStartObject();
                json.WriteString("role", "system");
                json.WriteString("content", systemPrompt);
                json.WriteEndObject();
                json.WriteStartObject();
                json.WriteString("role", "user");
                json.WriteString("content", string.Create(CultureInfo.InvariantCulture, $"Ticket #{i}: I need help with {topic}. Classify it and draft a two-line reply."));
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteNumber("max_tokens", 60 + (i % 7 * 20));
                json.WriteNumber("temperature", 0);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // ~1,500 tokens: above the 1,024-token threshold where providers start caching a shared prompt prefix.
    private static string BuildSystemPrompt()
    {
        var sb = new StringBuilder("You are the support triage assistant of an online shop. ");
        for (var rule = 1; rule <= 60; rule++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Rule {rule}: be precise, be kind, never promise a refund you cannot see in the order history, and name the next step. ");
        }

        return sb.ToString();
    }
}
