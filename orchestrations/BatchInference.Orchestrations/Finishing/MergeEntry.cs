using BatchInference.Orchestrations.Checkpoints;

namespace BatchInference.Orchestrations.Finishing;

/// <summary>One entry of a <see cref="MergeRun"/>: a line's checkpoint record, or (when <see cref="Record"/> is null) a
/// line that has none, named by its input line number and <c>custom_id</c>.</summary>
internal sealed record MergeEntry(long Sequence, long Line, string? CustomId, PartRecord? Record);
