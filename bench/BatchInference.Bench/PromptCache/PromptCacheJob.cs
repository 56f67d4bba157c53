using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BatchInference.Bench.PromptCache;

/// <summary>
/// A realistic job for prompt caching: a few tasks, each with its own long system prompt (instructions and a few-shot
/// block, about 2,000 tokens), and many short user items; lines alternate between OpenAI (<c>gpt-4.1-mini</c> chat)
/// and Anthropic (<c>claude-sonnet-4-5</c> messages) and between the tasks, the way a file built by concatenating
/// work queues looks. Same seed, same file.
/// </summary>
internal static class PromptCacheJob
{
    public const string OpenAIModel = "gpt-4.1-mini";
    public const string ClaudeModel = "claude-sonnet-4-5";
    public const int Tasks = 3;

    public static byte[] Build(int lines, int seed)
    {
        var random = new Random(seed);
        var systems = Enumerable.Range(0, Tasks).Select(SystemPrompt).Select(s => JsonSerializer.Serialize(s)).ToArray();
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            var system = systems[(i / 2) % Tasks];
            var item = JsonSerializer.Serialize($"Ticket {i}: customer {random.Next(100_000)} reports issue {random.Next(1_000)} with order {random.Next(1_000_000)}.");
            var line = (i % 2 == 0
                    ? """{"custom_id":"t-#I","method":"POST","url":"/v1/chat/completions","body":{"model":"#M","max_tokens":40,"messages":[{"role":"system","content":#S},{"role":"user","content":#Q}]}}"""
                    : """{"custom_id":"t-#I","method":"POST","url":"/v1/messages","body":{"model":"#M","max_tokens":40,"system":#S,"messages":[{"role":"user","content":#Q}]}}""")
                .Replace("#I", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("#M", i % 2 == 0 ? OpenAIModel : ClaudeModel, StringComparison.Ordinal)
                .Replace("#Q", item, StringComparison.Ordinal)
                .Replace("#S", system, StringComparison.Ordinal);
            text.Append(line).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // About 8,000 characters (≈ 2,000 tokens): rules, then worked examples.
    private static string SystemPrompt(int task)
    {
        var text = new StringBuilder($"You are support triage assistant #{task}. Follow every rule below exactly.\n");
        for (var rule = 0; rule < 60; rule++)
        {
            text.Append($"Rule {task}.{rule:D2}: classify tickets of category {rule % 7} by urgency and product area, citing the rule.\n");
        }

        for (var example = 0; example < 30; example++)
        {
            text.Append($"Example {example:D2}: 'Order {example * 37} arrived damaged' -> area=shipping, urgency={example % 3}.\n");
        }

        return text.ToString();
    }
}
