using System.Text.Json;

namespace BatchInference.Jobs.Output;

/// <summary>Reads the objects of one batch output line with a <see cref="Utf8JsonReader"/>.</summary>
internal static class BatchOutputLineFields
{
    public static BatchOutputLine Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the line");
        string? id = null;
        string? customId = null;
        BatchOutputResponse? response = null;
        BatchOutputError? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.GetString();
            }
            else if (reader.ValueTextEquals("custom_id"u8))
            {
                reader.Read();
                customId = reader.GetString();
            }
            else if (reader.ValueTextEquals("response"u8))
            {
                reader.Read();
                response = reader.TokenType == JsonTokenType.Null ? null : ReadResponse(ref reader, line);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = reader.TokenType == JsonTokenType.Null ? null : ReadError(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (id is null)
        {
            throw new InvalidDataException("The line has no \"id\".");
        }

        if (response is null == error is null)
        {
            throw new InvalidDataException("The line must have exactly one of \"response\" and \"error\".");
        }

        return new BatchOutputLine(id, customId, response, error);
    }

    private static BatchOutputResponse ReadResponse(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        Expect(ref reader, JsonTokenType.StartObject, "\"response\"");
        int? statusCode = null;
        string? requestId = null;
        ReadOnlyMemory<byte>? body = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status_code"u8))
            {
                reader.Read();
                statusCode = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("request_id"u8))
            {
                reader.Read();
                requestId = reader.GetString();
            }
            else if (reader.ValueTextEquals("body"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                body = line[start..(int)reader.BytesConsumed].ToArray();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new BatchOutputResponse(
            statusCode ?? throw new InvalidDataException("\"response\" has no \"status_code\"."),
            requestId,
            body ?? throw new InvalidDataException("\"response\" has no \"body\"."));
    }

    private static BatchOutputError ReadError(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "\"error\"");
        string? code = null;
        string? message = null;
        long? line = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.GetString();
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message = reader.GetString();
            }
            else if (reader.ValueTextEquals("line"u8))
            {
                reader.Read();
                line = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new BatchOutputError(
            code ?? throw new InvalidDataException("\"error\" has no \"code\"."),
            message ?? string.Empty,
            line);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (reader.TokenType == JsonTokenType.None)
        {
            reader.Read();
        }

        if (reader.TokenType != expected)
        {
            throw new InvalidDataException($"{what} must be a JSON object.");
        }
    }
}
