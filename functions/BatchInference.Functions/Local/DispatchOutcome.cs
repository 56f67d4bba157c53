namespace BatchInference.Functions.Local;

/// <summary>How one dispatch ended.</summary>
public enum DispatchOutcome
{
    /// <summary>The function answered 200.</summary>
    Succeeded,

    /// <summary>The function answered an error or could not be reached; the trigger retries as the host would.</summary>
    Failed,

    /// <summary>Nothing was invoked: another dispatcher claimed the schedule slot.</summary>
    Skipped,

    /// <summary>The message failed its last allowed delivery and was moved to the poison queue.</summary>
    MovedToPoison,
}
