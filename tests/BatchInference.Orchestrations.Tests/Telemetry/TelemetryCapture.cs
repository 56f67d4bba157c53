using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using BatchInference.Providers.Telemetry;

namespace BatchInference.Orchestrations.Tests.Telemetry;

/// <summary>
/// Listens to the "BatchInference" activity source and meter with the BCL listeners (as an OpenTelemetry SDK would) and
/// keeps what belongs to one job. Listeners are process-wide, so spans are kept by their <c>bi.job_id</c> and measurements
/// by the job of the span that was current when they were recorded.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<CapturedMeasurement> _measurements = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BatchInferenceTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BatchInferenceTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    /// <summary>Finished spans of the job.</summary>
    public IReadOnlyList<Activity> SpansOf(string jobId) =>
        [.. _spans.Where(s => Equals(s.GetTagItem(BatchInferenceTelemetry.JobIdTag), jobId))];

    /// <summary>Measurements of <paramref name="instrument"/> recorded while working on the job.</summary>
    public IReadOnlyList<CapturedMeasurement> MeasurementsOf(string jobId, string instrument) =>
        [.. _measurements.Where(m => m.JobId == jobId && m.Instrument == instrument)];

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private static string? JobOfCurrentSpan()
    {
        for (var span = Activity.Current; span is not null; span = span.Parent)
        {
            if (span.GetTagItem(BatchInferenceTelemetry.JobIdTag) is string jobId)
            {
                return jobId;
            }
        }

        return null;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        _measurements.Enqueue(new CapturedMeasurement(instrument.Name, instrument.Unit, value, copy, JobOfCurrentSpan()));
    }
}
