namespace BatchInference.Bench.JobMemory;

/// <summary>What one phase of a job-memory run cost.</summary>
/// <param name="Name">startup, upload, execute or publish.</param>
/// <param name="PeakWorkingSetBytes">Largest sampled working set (RSS) during the phase.</param>
/// <param name="PeakManagedHeapBytes">Largest sampled managed heap (<see cref="GC.GetTotalMemory(bool)"/>).</param>
/// <param name="AllocatedBytes">Bytes the GC allocated during the phase.</param>
/// <param name="Seconds">Duration of the phase.</param>
internal sealed record PhaseMemory(string Name, long PeakWorkingSetBytes, long PeakManagedHeapBytes, long AllocatedBytes, double Seconds);
