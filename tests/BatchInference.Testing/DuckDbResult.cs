using System.Text.Json;

namespace BatchInference.Testing;

/// <summary>Rows of the last statement of a DuckDB script, and how long each statement took inside DuckDB.</summary>
/// <param name="Rows">One JSON object per row (BIGINT, DECIMAL and TIMESTAMP values are strings, so exact).</param>
/// <param name="StatementMilliseconds">Elapsed time of each statement, in script order, measured by the node script.</param>
public sealed record DuckDbResult(IReadOnlyList<JsonElement> Rows, IReadOnlyList<double> StatementMilliseconds);
