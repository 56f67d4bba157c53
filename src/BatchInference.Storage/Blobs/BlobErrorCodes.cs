namespace BatchInference.Storage.Blobs;

/// <summary>Service error codes this client branches on or that callers commonly test for.</summary>
public static class BlobErrorCodes
{
    /// <summary>The blob does not exist (404).</summary>
    public const string BlobNotFound = "BlobNotFound";

    /// <summary>The container does not exist (404).</summary>
    public const string ContainerNotFound = "ContainerNotFound";

    /// <summary>The container already exists (409).</summary>
    public const string ContainerAlreadyExists = "ContainerAlreadyExists";

    /// <summary>The blob already exists and <c>If-None-Match: *</c> was given (409).</summary>
    public const string BlobAlreadyExists = "BlobAlreadyExists";

    /// <summary>An ETag condition did not hold (412).</summary>
    public const string ConditionNotMet = "ConditionNotMet";

    /// <summary>The blob is leased and the request gave no lease id (412).</summary>
    public const string LeaseIdMissing = "LeaseIdMissing";

    /// <summary>A lease is active and a different one was requested (409).</summary>
    public const string LeaseAlreadyPresent = "LeaseAlreadyPresent";

    /// <summary>The signature did not verify (403).</summary>
    public const string AuthenticationFailed = "AuthenticationFailed";
}
