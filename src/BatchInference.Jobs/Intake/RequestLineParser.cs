using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace BatchInference.Jobs.Intake;

/// <summary>
/// Turns one line's bytes into a <see cref="RequestLine"/> or an <see cref="InvalidLine"/>. Stateful only for
/// duplicate detection, so one instance serves one job input.
/// </summary>
internal sealed class RequestLineParser
{
    internal const int MaxCustomIdLength = 512;
    internal const string PostMethod = "POST";

    // Request bodies can nest deeply (JSON schemas in response_format/tools); the default of 64 would reject them.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private readonly CustomIdSet _seenIds = new();
    private readonly IReadOnlySet<string> _supportedUrls;
    private readonly KnownUrls _knownUrls;

    public RequestLineParser(IReadOnlySet<string> supportedUrls)
    {
        ArgumentNullException.ThrowIfNull(supportedUrls);
        _supportedUrls = supportedUrls;
        _knownUrls = new KnownUrls(supportedUrls);
    }

    public JobLine Parse(ReadOnlySpan<byte> line, long lineNumber)
    {
        if (!Utf8.IsValid(line))
        {
            return new InvalidLine(lineNumber, null, JobLineErrorCodes.InvalidUtf8, string.Create(
                CultureInfo.InvariantCulture, $"Line is not valid UTF-8 (first invalid byte at offset {FirstInvalidUtf8Offset(line)})."));
        }

        RequestLineFields fields;
        try
        {
            if (!RequestLineFields.TryRead(line, ReaderOptions, _knownUrls, out fields))
            {
                return new InvalidLine(lineNumber, null, JobLineErrorCodes.InvalidJson, "Line must be a JSON object.");
            }
        }
        catch (JsonException ex)
        {
            return new InvalidLine(lineNumber, null, JobLineErrorCodes.InvalidJson, string.Create(
                CultureInfo.InvariantCulture, $"Line is not valid JSON (error at byte {ex.BytePositionInLine ?? 0})."));
        }

        if (fields.DuplicateProperty is { } duplicate)
        {
            return new InvalidLine(lineNumber, null, JobLineErrorCodes.InvalidJson, $"Property '{duplicate}' appears more than once.");
        }

        return Validate(line, lineNumber, fields);
    }

    private JobLine Validate(ReadOnlySpan<byte> line, long lineNumber, in RequestLineFields fields)
    {
        switch (fields.CustomIdKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return new InvalidLine(lineNumber, null, JobLineErrorCodes.MissingCustomId, "custom_id is missing.");
            case not JsonValueKind.String:
                return new InvalidLine(lineNumber, null, JobLineErrorCodes.InvalidCustomId, "custom_id must be a string.");
        }

        var customId = fields.CustomId;
        if (customId is null)
        {
            return new InvalidLine(lineNumber, null, JobLineErrorCodes.InvalidCustomId, "custom_id contains escapes that are not valid Unicode.");
        }

        if (customId.Length == 0)
        {
            return new InvalidLine(lineNumber, null, JobLineErrorCodes.InvalidCustomId, "custom_id must not be empty.");
        }

        if (customId.Length > MaxCustomIdLength)
        {
            return new InvalidLine(lineNumber, null, JobLineErrorCodes.InvalidCustomId, string.Create(
                CultureInfo.InvariantCulture, $"custom_id is {customId.Length} characters; the limit is {MaxCustomIdLength}."));
        }

        // Every readable id is registered, even on a line that fails later checks, so an id appears at most once
        // across the output and error files.
        if (!_seenIds.Add(customId))
        {
            return new InvalidLine(lineNumber, customId, JobLineErrorCodes.DuplicateCustomId,
                "custom_id was already used by an earlier line; only the first occurrence runs.");
        }

        if (!fields.MethodIsPost)
        {
            return new InvalidLine(lineNumber, customId, JobLineErrorCodes.InvalidMethod,
                fields.MethodIsString ? "method must be \"POST\"." : "method is missing or not a string; it must be \"POST\".");
        }

        if (fields.Url is null)
        {
            return new InvalidLine(lineNumber, customId, JobLineErrorCodes.UnsupportedUrl, "url is missing or not a string.");
        }

        if (!_supportedUrls.Contains(fields.Url))
        {
            return new InvalidLine(lineNumber, customId, JobLineErrorCodes.UnsupportedUrl,
                $"url '{Truncate(fields.Url, 100)}' is not supported; supported: {string.Join(", ", _supportedUrls.Order(StringComparer.Ordinal))}.");
        }

        if (fields.BodyKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new InvalidLine(lineNumber, customId, JobLineErrorCodes.MissingBody, "body is missing.");
        }

        if (fields.BodyKind is not JsonValueKind.Object)
        {
            return new InvalidLine(lineNumber, customId, JobLineErrorCodes.MissingBody, "body must be a JSON object.");
        }

        var body = line.Slice(fields.BodyStart, fields.BodyLength);
        var model = ReadModel(body);
        if (string.IsNullOrEmpty(model))
        {
            return new InvalidLine(lineNumber, customId, JobLineErrorCodes.MissingModel, "body.model is missing, empty or not a string.");
        }

        return new RequestLine(lineNumber, customId, PostMethod, fields.Url, model, body.ToArray());
    }

    /// <summary>Reads the top-level <c>model</c> string of an already validated body object (the last one wins, as in
    /// most JSON parsers a provider would use).</summary>
    private static string? ReadModel(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        reader.Read();
        string? model = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isModel = reader.ValueTextEquals("model"u8);
            reader.Read();
            if (isModel)
            {
                model = reader.TokenType == JsonTokenType.String ? RequestLineFields.TryGetString(ref reader) : null;
            }

            reader.Skip();
        }

        return model;
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> line)
    {
        var offset = 0;
        while (offset < line.Length)
        {
            if (Rune.DecodeFromUtf8(line[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    // Never cuts a surrogate pair in half: a lone high surrogate would be written as U+FFFD.
    private static string Truncate(string value, int maxLength)
    {
        if (value.Length <= maxLength)
        {
            return value;
        }

        var cut = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        return string.Concat(value.AsSpan(0, cut), "…");
    }
}
