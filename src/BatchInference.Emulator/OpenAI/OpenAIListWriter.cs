using System.Text.Json;

namespace BatchInference.Emulator.OpenAI;

/// <summary>
/// OpenAI's cursor-paged list object, <c>{"object":"list","data":[...],"first_id","last_id","has_more"}</c>, as the
/// files and batches lists answer it.
/// </summary>
internal static class OpenAIListWriter
{
    /// <param name="writer">Where the list is written.</param>
    /// <param name="page">The page's items, in list order.</param>
    /// <param name="hasMore">Whether items follow this page.</param>
    /// <param name="id">An item's id, for <c>first_id</c> and <c>last_id</c>.</param>
    /// <param name="writeItem">Writes one item's object.</param>
    public static void Write<T>(Utf8JsonWriter writer, IReadOnlyList<T> page, bool hasMore, Func<T, string> id, Action<Utf8JsonWriter, T> writeItem)
    {
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var item in page)
        {
            writeItem(writer, item);
        }

        writer.WriteEndArray();
        writer.WriteString("first_id", page.Count > 0 ? id(page[0]) : null);
        writer.WriteString("last_id", page.Count > 0 ? id(page[^1]) : null);
        writer.WriteBoolean("has_more", hasMore);
        writer.WriteEndObject();
    }
}
