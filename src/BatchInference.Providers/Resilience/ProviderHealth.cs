namespace BatchInference.Providers.Resilience;

/// <summary>
/// What the provider's last attempts came to, line by line, so that one line's failures can be told apart from an
/// outage: a failure while other lines fail too is the provider's; a failure while the others succeed is the line's
/// own. Counts attempts, not time, so a long outage with few calls still reads as an outage. Thread-safe.
/// </summary>
internal sealed class ProviderHealth
{
    /// <summary>How many recent attempts are kept.</summary>
    public const int Window = 64;

    private readonly (object Line, bool Failed)[] _recent = new (object, bool)[Window];
    private readonly object _gate = new();
    private int _count;
    private int _next;
    private string? _lastFailure;

    /// <summary>The last failure any line saw (status or error, never a body); null while there was none.</summary>
    public string? LastFailure
    {
        get
        {
            lock (_gate)
            {
                return _lastFailure;
            }
        }
    }

    /// <summary>Records one attempt's result and returns the share of other lines' recent attempts that failed.</summary>
    /// <param name="line">Identifies the line (compared by reference).</param>
    /// <param name="failed">Whether the attempt failed in a way that says something about the provider.</param>
    /// <param name="failure">What the failure was; ignored when <paramref name="failed"/> is false.</param>
    /// <returns>The others' failure share before this attempt, in [0, 1]; 0 when no other line was seen.</returns>
    public double Record(object line, bool failed, string? failure)
    {
        lock (_gate)
        {
            var others = 0;
            var othersFailed = 0;
            for (var i = 0; i < _count; i++)
            {
                if (!ReferenceEquals(_recent[i].Line, line))
                {
                    others++;
                    othersFailed += _recent[i].Failed ? 1 : 0;
                }
            }

            _recent[_next] = (line, failed);
            _next = (_next + 1) % Window;
            _count = Math.Min(_count + 1, Window);
            if (failed)
            {
                _lastFailure = failure;
            }

            return others == 0 ? 0 : (double)othersFailed / others;
        }
    }
}
