namespace BatchInference.Jobs.Tests.Fixtures;

/// <summary>Builds input lines for tests.</summary>
internal static class InputLines
{
    public const string Prompt = "SECRET-PROMPT-TEXT";

    public static string Valid(string customId, string model = "gpt-4o-mini", string url = "/v1/chat/completions") =>
        $$$"""{"custom_id":"{{{customId}}}","method":"POST","url":"{{{url}}}","body":{"model":"{{{model}}}","messages":[{"role":"user","content":"{{{Prompt}}}"}]}}""";
}
