namespace BatchInference.Functions.Invocation;

/// <summary>The host's request (or the user input inside an HTTP trigger's payload) is not as documented; answered 400.</summary>
internal sealed class InvalidPayloadException : Exception
{
    public InvalidPayloadException()
    {
    }

    public InvalidPayloadException(string message)
        : base(message)
    {
    }

    public InvalidPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
