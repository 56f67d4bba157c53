using System.Text.Json;

namespace BatchInference.Jobs.Intake;

/// <summary>The top-level fields of one input line as read by a single pass of <see cref="Utf8JsonReader"/>.</summary>
internal struct RequestLineFields
{
    public JsonValueKind CustomIdKind;
    public string? CustomId;
    public bool MethodIsString;
    public bool MethodIsPost;
    public string? Url;
    public JsonValueKind BodyKind;
    public int BodyStart;
    public int BodyLength;
    public string? DuplicateProperty;

    /// <summary>
    /// Reads the fields; <see langword="false"/> when the line is JSON but not an object. Throws
    /// <see cref="JsonException"/> for malformed JSON, including trailing content after the object.
    /// </summary>
    /// <param name="line">The line's bytes.</param>
    /// <param name="options">Reader options (depth).</param>
    /// <param name="knownUrls">Accepted urls; a match yields the known string instance instead of a new one.</param>
    /// <param name="fields">The fields read.</param>
    public static bool TryRead(ReadOnlySpan<byte> line, JsonReaderOptions options, KnownUrls knownUrls, out RequestLineFields fields)
    {
        fields = default;
        var reader = new Utf8JsonReader(line, options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            // Read the rest so malformed input is reported as malformed, not as "not an object".
            while (reader.Read())
            {
            }

            return false;
        }

        var seen = Property.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Identify(ref reader);
            reader.Read();
            if (property != Property.None)
            {
                if ((seen & property) != 0)
                {
                    fields.DuplicateProperty ??= Name(property);
                }

                seen |= property;
                fields.ReadValue(ref reader, property, knownUrls);
            }

            reader.Skip();
        }

        // Anything after the closing brace other than whitespace makes Read throw.
        while (reader.Read())
        {
        }

        return true;
    }

    /// <summary>Gets a string token, or <see langword="null"/> when its escapes do not form valid UTF-16.</summary>
    public static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private void ReadValue(ref Utf8JsonReader reader, Property property, KnownUrls knownUrls)
    {
        var kind = KindOf(reader.TokenType);
        switch (property)
        {
            case Property.CustomId:
                CustomIdKind = kind;
                CustomId = kind == JsonValueKind.String ? TryGetString(ref reader) : null;
                break;
            case Property.Method:
                MethodIsString = kind == JsonValueKind.String;
                MethodIsPost = MethodIsString && reader.ValueTextEquals("POST"u8);
                break;
            case Property.Url:
                Url = kind == JsonValueKind.String ? knownUrls.Find(ref reader) ?? TryGetString(ref reader) : null;
                break;
            case Property.Body:
                BodyKind = kind;
                BodyStart = (int)reader.TokenStartIndex;
                reader.Skip();
                BodyLength = (int)reader.BytesConsumed - BodyStart;
                break;
        }
    }

    private static Property Identify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("custom_id"u8) ? Property.CustomId
        : reader.ValueTextEquals("method"u8) ? Property.Method
        : reader.ValueTextEquals("url"u8) ? Property.Url
        : reader.ValueTextEquals("body"u8) ? Property.Body
        : Property.None;

    private static string Name(Property property) => property switch
    {
        Property.CustomId => "custom_id",
        Property.Method => "method",
        Property.Url => "url",
        _ => "body",
    };

    private static JsonValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        _ => JsonValueKind.Null,
    };

    [Flags]
    private enum Property
    {
        None = 0,
        CustomId = 1,
        Method = 2,
        Url = 4,
        Body = 8,
    }
}
