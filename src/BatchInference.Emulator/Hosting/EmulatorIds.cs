namespace BatchInference.Emulator.Hosting;

/// <summary>Unique ids in OpenAI's shapes (<c>req_…</c>, <c>chatcmpl-…</c>).</summary>
internal static class EmulatorIds
{
    public static string NewRequestId() => "req_" + Guid.NewGuid().ToString("N");

    public static string NewChatCompletionId() => "chatcmpl-" + Guid.NewGuid().ToString("N");
}
