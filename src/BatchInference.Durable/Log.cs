using Microsoft.Extensions.Logging;

namespace BatchInference.Durable;

/// <summary>Logging for the local Durable Task host and client (EventIds 4600-4699). Inputs and outputs are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4601, Level = LogLevel.Information, Message = "Durable worker {WorkerId} started on task hub {TaskHub}")]
    public static partial void WorkerStarted(ILogger logger, string taskHub, string workerId);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Information, Message = "Durable worker {WorkerId} stopped on task hub {TaskHub}")]
    public static partial void WorkerStopped(ILogger logger, string taskHub, string workerId);
}
