namespace BatchInference.Orchestrations.Results;

/// <summary>
/// Releases results in input order although they complete out of order: result <c>n</c> is released once results
/// <c>0..n-1</c> have been. Only results that finished ahead of a slower one are held, so memory is bounded by how far
/// the fastest request can run ahead of the slowest one in flight — not by the job's size.
/// </summary>
/// <typeparam name="T">Result type.</typeparam>
internal sealed class ResultSequencer<T>
{
    private readonly SortedDictionary<long, T> _waiting = [];
    private long _next;

    /// <summary>Results completed but held back behind a slower one.</summary>
    public int Held => _waiting.Count;

    /// <summary>The sequence number the next released result must have.</summary>
    public long Next => _next;

    /// <summary>Adds result <paramref name="sequence"/> and returns every result that is now releasable, in order.</summary>
    /// <exception cref="InvalidOperationException">The sequence number was already added or released.</exception>
    public IReadOnlyList<T> Add(long sequence, T result)
    {
        if (sequence < _next || !_waiting.TryAdd(sequence, result))
        {
            throw new InvalidOperationException($"Result {sequence} was added twice.");
        }

        if (sequence != _next)
        {
            return [];
        }

        var released = new List<T>();
        while (_waiting.Remove(_next, out var ready))
        {
            released.Add(ready);
            _next++;
        }

        return released;
    }
}
