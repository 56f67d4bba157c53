using BatchInference.Orchestrations.Jobs;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// Keeps the runner's latest progress and moves the sampler from <c>execute</c> to <c>publish</c> when the last line
/// has its result: from then on the runner only uploads its spool files and writes the spend report.
/// </summary>
internal sealed class ExecutionProgress(long lines, MemorySampler sampler) : IProgress<JobProgress>
{
    private JobProgress? _latest;
    private int _published;

    public JobProgress? Latest => Volatile.Read(ref _latest);

    public void Report(JobProgress value)
    {
        Volatile.Write(ref _latest, value);
        if (value.Done >= lines && Interlocked.Exchange(ref _published, 1) == 0)
        {
            sampler.Enter("publish");
        }
    }
}
