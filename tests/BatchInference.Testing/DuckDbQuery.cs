using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DuckDB.NET.Data;

namespace BatchInference.Testing;

/// <summary>
/// Runs SQL in DuckDB in-process (DuckDB.NET): the independent reader our Parquet files are checked against, and the
/// engine data teams query them with. Every call gets a fresh in-memory database; calls may run in parallel.
/// </summary>
public static class DuckDbQuery
{
    /// <summary>Runs <paramref name="sql"/> (one or more statements) and returns the rows of the last statement.</summary>
    /// <returns>
    /// One JSON object per row. BIGINT, HUGEINT and DECIMAL values are strings so they stay exact (DECIMAL as .NET
    /// prints the <see cref="decimal"/> DuckDB.NET reads, without trailing zeros); TIMESTAMP values are strings in
    /// DuckDB's own text form (UTC, <c>+00</c> for TIMESTAMPTZ); lists and structs are arrays and objects.
    /// </returns>
    /// <exception cref="InvalidOperationException">DuckDB reported an error (its message and the SQL are included).</exception>
    public static Task<IReadOnlyList<JsonElement>> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            byte[] json;
            do
            {
                json = RowsAsJson(reader);
            }
            while (reader.NextResult());

            using var document = JsonDocument.Parse(json);
            return Task.FromResult<IReadOnlyList<JsonElement>>([.. document.RootElement.EnumerateArray().Select(row => row.Clone())]);
        }
        catch (DuckDBException ex)
        {
            throw new InvalidOperationException($"DuckDB failed: {ex.Message}\nSQL:\n{sql}", ex);
        }
    }

    /// <summary>An open connection to a fresh in-memory database, for callers that need DuckDB.NET's typed values.</summary>
    public static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }

    /// <summary>A SQL string literal: <paramref name="value"/> in single quotes, embedded quotes doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static byte[] RowsAsJson(DuckDBDataReader reader)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            while (reader.Read())
            {
                json.WriteStartObject();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    json.WritePropertyName(reader.GetName(i));
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    WriteValue(json, value, reader.GetDataTypeName(i));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value, string? duckType)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (value)
        {
            case null or DBNull:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int or short or sbyte or byte or ushort or uint:
                json.WriteNumberValue(Convert.ToInt64(value, inv));
                break;
            case long or ulong or BigInteger or Int128 or UInt128 or decimal:
                json.WriteStringValue(Convert.ToString(value, inv));
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case DateTime t:
                // DuckDB.NET gives TIMESTAMPTZ as the UTC value with Kind Unspecified; print it as DuckDB does.
                var text = t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff", inv).TrimEnd('0');
                json.WriteStringValue(duckType == "TimestampTz" ? text + "+00" : text);
                break;
            case DateOnly day:
                json.WriteStringValue(day.ToString("yyyy-MM-dd", inv));
                break;
            case IDictionary fields:
                json.WriteStartObject();
                foreach (DictionaryEntry field in fields)
                {
                    json.WritePropertyName(Convert.ToString(field.Key, inv)!);
                    WriteValue(json, field.Value, duckType: null);
                }

                json.WriteEndObject();
                break;
            case IEnumerable items and not byte[]:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(json, item, duckType: null);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, inv));
                break;
        }
    }
}
