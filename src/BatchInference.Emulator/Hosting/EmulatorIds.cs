using System.Security.Cryptography;

namespace BatchInference.Emulator.Hosting;

/// <summary>Unique ids in the providers' shapes (<c>req_…</c>, <c>chatcmpl-…</c>, <c>file-…</c>, <c>batch_…</c>, <c>msg_…</c>, <c>msgbatch_…</c>).</summary>
internal static class EmulatorIds
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewRequestId() => "req_" + Guid.NewGuid().ToString("N");

    public static string NewChatCompletionId() => "chatcmpl-" + Guid.NewGuid().ToString("N");

    public static string NewFileId() => "file-" + RandomNumberGenerator.GetString(Alphanumerics, 22);

    public static string NewBatchId() => "batch_" + Guid.NewGuid().ToString("N");

    public static string NewBatchRequestId() => "batch_req_" + Guid.NewGuid().ToString("N");

    public static string NewMessageId() => "msg_01" + RandomNumberGenerator.GetString(Alphanumerics, 22);

    public static string NewMessageBatchId() => "msgbatch_01" + RandomNumberGenerator.GetString(Alphanumerics, 22);
}
