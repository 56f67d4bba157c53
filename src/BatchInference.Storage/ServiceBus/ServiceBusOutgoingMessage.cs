namespace BatchInference.Storage.ServiceBus;

/// <summary>One message of a <see cref="ServiceBusQueueClient.SendBatchAsync"/>.</summary>
/// <param name="Body">The body; sent as a JSON string when it is UTF-8 text, Base64 otherwise (the receiver gets the
/// same bytes either way).</param>
/// <param name="MessageId">The id (what duplicate detection keys on); a new GUID when null.</param>
/// <param name="Delay">How long the message stays hidden (scheduled enqueue time); null or zero for now.</param>
public sealed record ServiceBusOutgoingMessage(BinaryData Body, string? MessageId = null, TimeSpan? Delay = null);
