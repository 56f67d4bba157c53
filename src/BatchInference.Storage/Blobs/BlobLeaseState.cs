namespace BatchInference.Storage.Blobs;

/// <summary>The lease state the service reports for a blob.</summary>
public enum BlobLeaseState
{
    /// <summary>No lease; anyone may acquire one.</summary>
    Available,

    /// <summary>Leased; writes need the lease id.</summary>
    Leased,

    /// <summary>A lease expired; the blob can be leased again.</summary>
    Expired,

    /// <summary>A lease is being broken and still blocks writes until the break period ends.</summary>
    Breaking,

    /// <summary>A lease was broken; the blob can be leased again.</summary>
    Broken,
}
