using System.Text.Json.Serialization;

namespace BatchInference.Bench.JobMemory;

/// <summary>What a <c>job-memory-run</c> child reports to the parent: one JSON line on stdout.</summary>
/// <param name="Lines">Lines in the job.</param>
/// <param name="InputBytes">Size of the uploaded input.</param>
/// <param name="Phases">Per-phase memory and time, in order.</param>
/// <param name="ProcessPeakWorkingSetBytes">The kernel's peak RSS of the whole child (<c>PeakWorkingSet64</c>).</param>
/// <param name="TotalAllocatedBytes">Bytes the GC allocated over the child's life.</param>
/// <param name="Gen2Collections">Full collections over the child's life.</param>
/// <param name="Status">The job's summary status.</param>
/// <param name="Succeeded">Lines answered.</param>
/// <param name="Failed">Lines that failed at the provider.</param>
/// <param name="Invalid">Lines rejected before sending.</param>
internal sealed record JobMemoryResult(
    int Lines,
    long InputBytes,
    IReadOnlyList<PhaseMemory> Phases,
    long ProcessPeakWorkingSetBytes,
    long TotalAllocatedBytes,
    int Gen2Collections,
    string Status,
    long Succeeded,
    long Failed,
    long Invalid)
{
    /// <summary>The prefix of the result line on the child's stdout.</summary>
    public const string LinePrefix = "JOB-MEMORY-RESULT ";

    public PhaseMemory Phase(string name) =>
        Phases.FirstOrDefault(p => p.Name == name) ?? throw new InvalidOperationException($"The run reported no '{name}' phase.");
}

[JsonSerializable(typeof(JobMemoryResult))]
internal sealed partial class JobMemoryJsonContext : JsonSerializerContext;
