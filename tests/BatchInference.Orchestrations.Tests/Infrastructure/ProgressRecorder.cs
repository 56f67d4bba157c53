using BatchInference.Orchestrations.Jobs;

namespace BatchInference.Orchestrations.Tests.Infrastructure;

/// <summary>Keeps every progress report synchronously (unlike <see cref="Progress{T}"/>, which posts them later).</summary>
internal sealed class ProgressRecorder : IProgress<JobProgress>
{
    private readonly Lock _gate = new();
    private readonly List<JobProgress> _reports = [];

    public JobProgress Last
    {
        get
        {
            lock (_gate)
            {
                return _reports.Count > 0 ? _reports[^1] : throw new InvalidOperationException("No progress was reported.");
            }
        }
    }

    public void Report(JobProgress value)
    {
        lock (_gate)
        {
            _reports.Add(value);
        }
    }
}
