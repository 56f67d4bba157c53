namespace BatchInference.Functions.Local;

/// <summary>One trigger the local dispatcher fired (or chose not to), for the console and for tests.</summary>
/// <param name="Function">The function invoked, e.g. <c>EngineWork</c>.</param>
/// <param name="Subject">What triggered it: a blob name, a queue message id, a schedule slot. Never a body.</param>
/// <param name="Outcome">How the call ended.</param>
/// <param name="Detail">The handler's status code or why nothing was invoked.</param>
public sealed record DispatchRecord(string Function, string Subject, DispatchOutcome Outcome, string Detail);
