namespace BatchInference.Storage.Local;

/// <summary>Keeps the last lines a child process wrote, for error messages when it fails to start.</summary>
internal sealed class ProcessOutputTail(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly object _gate = new();

    public void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _lines.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _lines);
        }
    }
}
