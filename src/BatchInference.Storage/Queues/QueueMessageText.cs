namespace BatchInference.Storage.Queues;

/// <summary>
/// The text a message body travels as: Base64, the encoding the Azure SDKs and the Functions queue trigger use for
/// binary payloads. Decoding tolerates text that is not Base64 (plain JSON put by the portal, the az CLI or an SDK with
/// no message encoding): it is passed on as its UTF-8 bytes rather than lost.
/// </summary>
internal static class QueueMessageText
{
    public static string Encode(BinaryData body) => Convert.ToBase64String(body.ToMemory().Span);

    /// <summary>Base64 text decodes to its bytes; anything else (braces and quotes never occur in Base64) is kept as
    /// the text's UTF-8 bytes.</summary>
    public static BinaryData Decode(string text)
    {
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var written)
            ? new BinaryData(buffer.AsMemory(0, written))
            : BinaryData.FromString(text);
    }
}
