using BatchInference.Jobs.Identity;
using BatchInference.Jobs.Messages;

namespace BatchInference.Orchestrations.Jobs;

/// <summary>
/// Job ids are derived from their source, never random, so a redelivered event or a re-run of the same command finds
/// the same job instead of starting (and paying for) a second one.
/// </summary>
public static class JobId
{
    /// <summary>Id of the job created by the blob <paramref name="container"/>/<paramref name="blobName"/> at version <paramref name="etag"/>.</summary>
    /// <remarks>A re-upload of the same name is new content with a new ETag, hence a new job.</remarks>
    public static string ForBlob(string container, string blobName, string etag)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return JobIdHash.Of("blob", container, blobName, etag.Trim('"'));
    }

    /// <summary>The id of a job started by a job message: from its <c>message_id</c> alone, so a redelivered message
    /// finds the job it already started.</summary>
    /// <param name="messageId">The message's <c>message_id</c>.</param>
    /// <returns>The job id.</returns>
    public static string ForMessage(string messageId) => JobMessageJobId.For(messageId);
}
