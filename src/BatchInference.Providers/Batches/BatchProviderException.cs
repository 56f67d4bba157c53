namespace BatchInference.Providers.Batches;

/// <summary>A batch API call the provider refused or that could not be made; the message says which and why.</summary>
public sealed class BatchProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BatchProviderException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BatchProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public BatchProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the provider's HTTP status.</summary>
    public BatchProviderException(string message, int? statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The provider's HTTP status, when it answered.</summary>
    public int? StatusCode { get; }

    /// <summary>True when trying again later may work (429, 5xx, transport failures).</summary>
    public bool IsTransient => StatusCode is null or 429 or >= 500;
}
