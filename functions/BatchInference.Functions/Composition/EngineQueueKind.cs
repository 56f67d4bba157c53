namespace BatchInference.Functions.Composition;

/// <summary>
/// Which queue carries the engine's work (the app setting <c>Engine__Queue</c>): a Storage Queue, triggering
/// <c>EngineWork</c>/<c>EnginePoison</c>, or a Service Bus queue, triggering
/// <c>EngineWorkServiceBus</c>/<c>EnginePoisonServiceBus</c>. One app uses one kind; disable the other pair of functions
/// (<c>AzureWebJobs.&lt;Function&gt;.Disabled=true</c>).
/// </summary>
internal enum EngineQueueKind
{
    /// <summary><c>storage</c> (the default): the queue <c>Engine__QueueName</c> of the <c>Storage</c> account.</summary>
    Storage,

    /// <summary><c>servicebus</c>: the queue <c>ServiceBus__WorkQueue</c> of the <c>ServiceBus</c> namespace.</summary>
    ServiceBus,
}
