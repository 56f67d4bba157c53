using System.Text;
using System.Text.Json;

namespace BatchInference.Orchestrations.Routing;

/// <summary>
/// Asks for flex processing by adding <c>"service_tier":"flex"</c> to a request body. Only that member is added, right
/// after the opening brace; every other byte stays as the user wrote it. A body that already names a service tier is
/// the user's explicit choice and is left alone.
/// </summary>
internal static class ServiceTierBody
{
    private static readonly byte[] FlexMember = Encoding.UTF8.GetBytes("\"service_tier\":\"flex\"");

    public static ReadOnlyMemory<byte> WithFlex(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var open = span.IndexOfAnyExcept(" \t\r\n"u8);
        if (open < 0 || span[open] != (byte)'{' || NamesServiceTier(span))
        {
            return body;
        }

        var next = span[(open + 1)..].IndexOfAnyExcept(" \t\r\n"u8);
        var empty = next >= 0 && span[open + 1 + next] == (byte)'}';
        var result = new byte[span.Length + FlexMember.Length + (empty ? 0 : 1)];
        span[..(open + 1)].CopyTo(result);
        FlexMember.CopyTo(result.AsSpan(open + 1));
        var rest = open + 1 + FlexMember.Length;
        if (!empty)
        {
            result[rest++] = (byte)',';
        }

        span[(open + 1)..].CopyTo(result.AsSpan(rest));
        return result;
    }

    private static bool NamesServiceTier(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("service_tier"u8))
                {
                    return true;
                }

                if (reader.CurrentDepth >= 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Bodies were validated at intake; an unreadable one is sent as it is and the provider says why.
            return true;
        }

        return false;
    }
}
