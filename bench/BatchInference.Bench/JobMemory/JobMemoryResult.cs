using System.Text.Json.Serialization;

namespace BatchInference.Bench.JobMemory;

/// <summary>What a <c>job-memory-run</c> child reports to the parent: one JSON line on stdout.</summary>
/// <param name="Lines">Lines in the job.</param>
/// <param name="InputBytes">Size of the uploaded input.</param>
/// <param name="Phases">Per-phase memory and time, in order.</param>
/// <param name="ProcessPeakWorkingSetBytes">The kernel's peak RSS of the whole child (<c>PeakWorkingSet64</c>).</param>
/// <param name="TotalAllocatedBytes">Bytes the GC allocated over the child's life.</param>
/// <param name="Gen2Collections">Full collections over the child's life.</param>
/// <param name="WallSeconds">From submitting the job to seeing its summary.</param>
/// <param name="Shards">Shards the engine split the job into.</param>
/// <param name="CheckpointParts">Checkpoint parts the engine wrote.</param>
/// <param name="MessagesReceived">Queue messages the worker received.</param>
/// <param name="MessagesFailed">Handler attempts that failed (and were retried).</param>
/// <param name="Status">The job's summary status.</param>
/// <param name="Succeeded">Lines answered.</param>
/// <param name="Failed">Lines that failed at the provider.</param>
/// <param name="Invalid">Lines rejected before sending.</param>
/// <param name="Engine"><c>queue</c> or <c>durable</c>; null from a build before the Durable engine (the queue engine).</param>
/// <param name="Orchestration">What the job cost the task hub, on Durable Task; null on the queue engine.</param>
internal sealed record JobMemoryResult(
    int Lines,
    long InputBytes,
    IReadOnlyList<PhaseMemory> Phases,
    long ProcessPeakWorkingSetBytes,
    long TotalAllocatedBytes,
    int Gen2Collections,
    double WallSeconds,
    int Shards,
    long CheckpointParts,
    long MessagesReceived,
    long MessagesFailed,
    string Status,
    long Succeeded,
    long Failed,
    long Invalid,
    string? Engine = null,
    OrchestrationOverhead? Orchestration = null)
{
    /// <summary>The prefix of the result line on the child's stdout.</summary>
    public const string LinePrefix = "JOB-MEMORY-RESULT ";

    /// <summary>The phase's figures, or null when the run never was in it (a status too brief to be seen).</summary>
    public PhaseMemory? Phase(string name) => Phases.FirstOrDefault(p => p.Name == name);

    /// <summary>The phases from submitting the job to its summary.</summary>
    [JsonIgnore]
    public IEnumerable<PhaseMemory> RunPhases =>
        JobCompletionWatch.RunPhases.Select(p => Phase(p.Phase)).OfType<PhaseMemory>();

    /// <summary>Largest sampled RSS between submitting and the summary.</summary>
    [JsonIgnore]
    public long RunPeakWorkingSetBytes => RunPhases.Max(p => p.PeakWorkingSetBytes);

    /// <summary>Largest sampled managed heap between submitting and the summary.</summary>
    [JsonIgnore]
    public long RunPeakManagedHeapBytes => RunPhases.Max(p => p.PeakManagedHeapBytes);

    /// <summary>Bytes allocated between submitting and the summary.</summary>
    [JsonIgnore]
    public long RunAllocatedBytes => RunPhases.Sum(p => p.AllocatedBytes);

    /// <summary>Lines per second, submit to summary.</summary>
    [JsonIgnore]
    public double LinesPerSecond => Lines / WallSeconds;

    /// <summary>True when every line was answered.</summary>
    [JsonIgnore]
    public bool Complete => Succeeded == Lines && Failed == 0 && Invalid == 0;
}

[JsonSerializable(typeof(JobMemoryResult))]
internal sealed partial class JobMemoryJsonContext : JsonSerializerContext;
