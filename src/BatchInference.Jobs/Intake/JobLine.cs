namespace BatchInference.Jobs.Intake;

/// <summary>
/// One non-blank physical line of a job's JSONL input: either a <see cref="RequestLine"/> that can run or an
/// <see cref="InvalidLine"/> that becomes an error record. Blank lines produce nothing.
/// </summary>
/// <param name="LineNumber">The 1-based physical line number in the input (blank lines are counted).</param>
public abstract record JobLine(long LineNumber);
