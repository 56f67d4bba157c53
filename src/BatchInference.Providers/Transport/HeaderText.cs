using System.Text;

namespace BatchInference.Providers.Transport;

/// <summary>
/// Makes any text safe as an HTTP header value. User strings (a line's <c>custom_id</c>) reach headers, and the HTTP
/// stack refuses anything but visible ASCII there; percent-encoding the UTF-8 of everything else (and of <c>%</c>
/// itself) keeps ordinary ids unchanged and the rest readable and reversible.
/// </summary>
internal static class HeaderText
{
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!NeedsEncoding(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsSafe(c))
            {
                builder.Append(c);
                continue;
            }

            // A lone surrogate has no UTF-8 form: it becomes U+FFFD's bytes, which keeps the header valid.
            var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                ? new Rune(c, value[++i]).EncodeToUtf8(utf8)
                : (Rune.TryCreate(c, out var rune) ? rune : Rune.ReplacementChar).EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEncoding(string value)
    {
        foreach (var c in value)
        {
            if (!IsSafe(c))
            {
                return true;
            }
        }

        return false;
    }

    // Visible ASCII except '%', the escape character.
    private static bool IsSafe(char c) => c is > ' ' and <= '~' and not '%';

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
