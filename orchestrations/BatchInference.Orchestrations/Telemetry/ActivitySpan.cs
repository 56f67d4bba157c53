using System.Diagnostics;

namespace BatchInference.Orchestrations.Telemetry;

/// <summary>
/// The span of one Durable activity. An activity that returns calls <see cref="Complete"/>; one that throws leaves it
/// incomplete, and disposing marks the span failed (no exception text is kept: exception messages may quote input).
/// </summary>
internal sealed class ActivitySpan(Activity? activity) : IDisposable
{
    private bool _completed;

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
            activity.SetStatus(ActivityStatusCode.Error, "The activity failed.");
        }

        activity.Dispose();
    }
}
