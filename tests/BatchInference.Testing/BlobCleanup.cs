using BatchInference.Storage.Blobs;

namespace BatchInference.Testing;

/// <summary>Clearing what earlier tests left in the shared Azurite under a prefix.</summary>
public static class BlobCleanup
{
    /// <summary>
    /// Deletes every blob of <paramref name="container"/> whose name starts with <paramref name="prefix"/>; nothing when
    /// the container does not exist yet.
    /// </summary>
    public static async Task DeleteUnderAsync(this IBlobStore blobs, string container, string prefix)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        try
        {
            await foreach (var item in blobs.ListAsync(container, prefix))
            {
                await blobs.DeleteIfExistsAsync(container, item.Name);
            }
        }
        catch (BlobStorageException missing) when (missing.ErrorCode == BlobErrorCodes.ContainerNotFound)
        {
            // nothing was left there
        }
    }
}
