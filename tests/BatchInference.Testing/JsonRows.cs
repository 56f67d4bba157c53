using System.Text.Json;

namespace BatchInference.Testing;

/// <summary>Reading the JSON rows of <see cref="DuckDbQuery"/> and <see cref="HyparquetQuery"/> as text.</summary>
public static class JsonRows
{
    /// <summary>A column's value as text: strings as they are, null as null, anything else as its raw JSON.</summary>
    public static string? Text(JsonElement row, string column)
    {
        var value = row.GetProperty(column);
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        };
    }
}
