using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using BatchInference.Jobs.Intake;

namespace BatchInference.Jobs.Sharding;

/// <summary>Parses one shard envelope line (see <see cref="ShardEnvelopeWriter"/>) back into a <see cref="ShardLine"/>.</summary>
internal static class ShardEnvelopeFields
{
    // The body sits at the same depth in an envelope as in an input line, so the intake reader's depth limit fits.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>Parses <paramref name="line"/> (without its terminator).</summary>
    /// <exception cref="InvalidDataException">The line is not a well-formed envelope.</exception>
    public static ShardLine Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            return Read(line);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"Not a shard envelope: {ex.Message}", ex);
        }
    }

    private static ShardLine Read(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Corrupt("the line is not a JSON object.");
        }

        long? sequence = null;
        long? lineNumber = null;
        string? customId = null;
        string? url = null;
        string? model = null;
        byte[]? body = null;
        (string Code, string Message)? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Identify(ref reader);
            reader.Read();
            switch (name)
            {
                case Property.Seq:
                    sequence = reader.GetInt64();
                    break;
                case Property.Line:
                    lineNumber = reader.GetInt64();
                    break;
                case Property.CustomId:
                    customId = reader.GetString();
                    break;
                case Property.Url:
                    url = reader.GetString();
                    break;
                case Property.Model:
                    model = reader.GetString();
                    break;
                case Property.Body:
                    Require(reader.TokenType == JsonTokenType.StartObject, "\"body\" must be a JSON object.");
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    body = line[start..(int)reader.BytesConsumed].ToArray();
                    break;
                case Property.Error:
                    error = ReadError(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        // Anything after the closing brace other than whitespace makes Read throw.
        while (reader.Read())
        {
        }

        Require(sequence >= 0, "\"seq\" is missing or negative.");
        Require(lineNumber >= 1, "\"line\" is missing or below 1.");
        JobLine jobLine = (body, error) switch
        {
            ({ } requestBody, null) => ToRequest(lineNumber.Value, customId, url, model, requestBody),
            (null, var (code, message)) => new InvalidLine(lineNumber.Value, customId, code, message),
            _ => throw Corrupt("the envelope must have exactly one of \"body\" and \"error\"."),
        };
        return new ShardLine(sequence.Value, jobLine);
    }

    private static RequestLine ToRequest(long lineNumber, string? customId, string? url, string? model, byte[] body)
    {
        Require(!string.IsNullOrEmpty(customId), "a request envelope needs a non-empty \"custom_id\".");
        Require(!string.IsNullOrEmpty(url), "a request envelope needs a non-empty \"url\".");
        Require(!string.IsNullOrEmpty(model), "a request envelope needs a non-empty \"model\".");
        return new RequestLine(lineNumber, customId, RequestLineParser.PostMethod, url, model, body);
    }

    private static (string Code, string Message) ReadError(ref Utf8JsonReader reader)
    {
        Require(reader.TokenType == JsonTokenType.StartObject, "\"error\" must be a JSON object.");
        string? code = null;
        string? message = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCode = reader.ValueTextEquals("code"u8);
            var isMessage = !isCode && reader.ValueTextEquals("message"u8);
            reader.Read();
            if (isCode)
            {
                code = reader.GetString();
            }
            else if (isMessage)
            {
                message = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        Require(!string.IsNullOrEmpty(code), "\"error\" needs a non-empty \"code\".");
        Require(message is not null, "\"error\" needs a \"message\".");
        return (code, message);
    }

    private static Property Identify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("seq"u8) ? Property.Seq
        : reader.ValueTextEquals("line"u8) ? Property.Line
        : reader.ValueTextEquals("custom_id"u8) ? Property.CustomId
        : reader.ValueTextEquals("url"u8) ? Property.Url
        : reader.ValueTextEquals("model"u8) ? Property.Model
        : reader.ValueTextEquals("body"u8) ? Property.Body
        : reader.ValueTextEquals("error"u8) ? Property.Error
        : Property.None;

    private static void Require([DoesNotReturnIf(false)] bool condition, string reason)
    {
        if (!condition)
        {
            throw Corrupt(reason);
        }
    }

    private static InvalidDataException Corrupt(string reason) => new($"Not a shard envelope: {reason}");

    private enum Property
    {
        None,
        Seq,
        Line,
        CustomId,
        Url,
        Model,
        Body,
        Error,
    }
}
