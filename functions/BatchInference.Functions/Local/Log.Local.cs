using Microsoft.Extensions.Logging;

namespace BatchInference.Functions;

/// <summary>The local trigger dispatcher's messages (EventId 9050–9079). Names, ids and slots only.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9050, Level = LogLevel.Information, Message = "Dispatched {Function} for {Subject}: {Outcome} ({Detail})")]
    public static partial void Dispatched(ILogger logger, string function, string subject, Local.DispatchOutcome outcome, string detail);

    [LoggerMessage(EventId = 9051, Level = LogLevel.Warning, Message = "The {Trigger} trigger failed; it tries again")]
    public static partial void TriggerFailed(ILogger logger, string trigger, Exception exception);

    [LoggerMessage(EventId = 9052, Level = LogLevel.Debug, Message = "Lost the lock on message {MessageId} of {Queue} while its function ran")]
    public static partial void LockLost(ILogger logger, string messageId, string queue);

    [LoggerMessage(EventId = 9053, Level = LogLevel.Information, Message = "Nightly schedule '{Schedule}': next slot {Slot:O}")]
    public static partial void NextSlot(ILogger logger, string schedule, DateTimeOffset slot);
}
