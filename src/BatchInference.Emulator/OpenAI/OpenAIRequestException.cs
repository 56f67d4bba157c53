namespace BatchInference.Emulator.OpenAI;

/// <summary>A request body the provider would refuse with 400; carries OpenAI's <c>param</c> and <c>code</c>.</summary>
internal sealed class OpenAIRequestException(string message, string? param = null, string? code = null) : Exception(message)
{
    public string? Param { get; } = param;

    public string? Code { get; } = code;
}
