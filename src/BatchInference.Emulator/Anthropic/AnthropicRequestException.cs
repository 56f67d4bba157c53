namespace BatchInference.Emulator.Anthropic;

/// <summary>A request Anthropic would refuse with 400 <c>invalid_request_error</c>.</summary>
internal sealed class AnthropicRequestException(string message) : Exception(message);
