using System.Text;
using System.Text.Json;

namespace BatchInference.Jobs.Intake;

/// <summary>
/// The supported urls in UTF-8, so a line's <c>url</c> is matched without allocating and every request line shares
/// the same string instance (millions of lines, a handful of urls).
/// </summary>
internal sealed class KnownUrls(IReadOnlySet<string> urls)
{
    private readonly (byte[] Utf8, string Text)[] _urls = urls.Select(static u => (Encoding.UTF8.GetBytes(u), u)).ToArray();

    /// <summary>The known url equal to the current string token, or <see langword="null"/>.</summary>
    public string? Find(ref Utf8JsonReader reader)
    {
        foreach (var (utf8, text) in _urls)
        {
            if (reader.ValueTextEquals(utf8))
            {
                return text;
            }
        }

        return null;
    }
}
