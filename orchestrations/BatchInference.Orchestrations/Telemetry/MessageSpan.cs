using System.Diagnostics;
using BatchInference.Workers;

namespace BatchInference.Orchestrations.Telemetry;

/// <summary>
/// The span of one handled queue message or Durable activity. A handler that returns calls <c>Complete</c>; one that throws leaves
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

    /// <summary>Records that the work (a Durable activity) ended without an exception.</summary>
    public void Complete()
    {
        _completed = true;
        activity?.SetTag(EngineTelemetry.OutcomeTag, "done");
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
