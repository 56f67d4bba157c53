using BatchInference.Jobs.Identity;

namespace BatchInference.Jobs.Messages;

/// <summary>
/// The job id of a message-started job, derived from the message id alone so that a redelivered or re-sent message
/// finds the job it already started. Same shape as the engine's other job ids: <c>job_</c> and 24 lowercase hex digits
/// of SHA-256 over the source kind and its parts joined by U+001F.
/// </summary>
public static class JobMessageJobId
{
    /// <summary>The source kind hashed in front of the message id, so message ids never collide with blob sources.</summary>
    public const string SourceKind = "message";

    /// <summary>The job id for <paramref name="messageId"/>.</summary>
    /// <param name="messageId">The job message's <c>message_id</c>.</param>
    /// <returns>e.g. <c>job_3f2a…</c> (28 characters).</returns>
    public static string For(string messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return JobIdHash.Of(SourceKind, messageId);
    }
}
