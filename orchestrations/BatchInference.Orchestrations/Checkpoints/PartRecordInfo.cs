namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>A built checkpoint record and the facts the checkpoint's counters need.</summary>
/// <param name="Sequence">Job-wide sequence number of the line.</param>
/// <param name="Kind">What became of the line.</param>
/// <param name="PaidAttempts">Ledger entries in the record.</param>
/// <param name="Cost">Their effective cost.</param>
/// <param name="Bytes">The record as one JSONL line, '\n' included.</param>
internal sealed record PartRecordInfo(long Sequence, ResultKind Kind, int PaidAttempts, decimal Cost, byte[] Bytes);
