using Azure;

namespace BatchInference.Orchestrations.State;

/// <summary>A state value and the ETag of the blob it was read from or written to: what a conditional write needs.</summary>
/// <typeparam name="T">The state type.</typeparam>
/// <param name="Value">The state.</param>
/// <param name="ETag">The blob's ETag for that state.</param>
internal sealed record Versioned<T>(T Value, ETag ETag);
