namespace BatchInference.Emulator.Faults;

/// <summary>An injected server error: status code and the message OpenAI sends with it.</summary>
internal sealed record ServerFault(int StatusCode, string Message);
