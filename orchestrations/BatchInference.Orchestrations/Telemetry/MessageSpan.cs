using System.Diagnostics;
using BatchInference.Workers;

namespace BatchInference.Orchestrations.Telemetry;

/// <summary>
/// The span of one handled queue message. A handler that returns calls <see cref="Complete"/>; one that throws leaves
/// it incomplete, and disposing marks the span failed (no exception text is kept: messages may quote input).
/// </summary>
internal sealed class MessageSpan(Activity? activity) : IDisposable
{
    private bool _completed;

    /// <summary>Records how the handler ended and returns <paramref name="outcome"/> unchanged.</summary>
    public WorkOutcome Complete(WorkOutcome outcome)
    {
        _completed = true;
        activity?.SetTag(EngineTelemetry.OutcomeTag, outcome is WorkOutcome.Rescheduled ? "rescheduled" : "done");
        return outcome;
    }

    public void Dispose()
    {
        if (activity is null)
        {
            return;
        }

        if (!_completed)
        {
            activity.SetStatus(ActivityStatusCode.Error, "The handler failed.");
        }

        activity.Dispose();
    }
}
