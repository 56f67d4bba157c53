namespace BatchInference.Storage.Queues;

/// <summary>How completing or abandoning a received message ended.</summary>
public enum SettleOutcome
{
    /// <summary>The message was completed (deleted) or released as asked.</summary>
    Applied,

    /// <summary>
    /// The lock token is no longer valid: the lock lapsed and another receiver got the message (Storage Queue: 400
    /// PopReceiptMismatch), or the message is gone (404 MessageNotFound). Nothing changed; treat the message as
    /// someone else's.
    /// </summary>
    LockLost,
}
