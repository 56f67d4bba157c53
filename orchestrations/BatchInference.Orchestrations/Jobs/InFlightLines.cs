using System.Collections.Concurrent;

namespace BatchInference.Orchestrations.Jobs;

/// <summary>
/// Maps the custom_id of each request in flight back to its place in the input. Entries leave when their outcome
/// arrives, so the map holds at most the executor's concurrency window. custom_ids are unique here: the reader turns
/// duplicates into error lines before they can run.
/// </summary>
internal sealed class InFlightLines
{
    private readonly ConcurrentDictionary<string, (long Sequence, long Line, string Model)> _lines = new(StringComparer.Ordinal);

    public void Start(string customId, long sequence, long line, string model)
    {
        if (!_lines.TryAdd(customId, (sequence, line, model)))
        {
            throw new InvalidOperationException($"custom_id '{customId}' is already in flight.");
        }
    }

    public (long Sequence, long Line, string Model) Complete(string customId) =>
        _lines.TryRemove(customId, out var entry)
            ? entry
            : throw new InvalidOperationException($"An outcome arrived for custom_id '{customId}', which is not in flight.");
}
