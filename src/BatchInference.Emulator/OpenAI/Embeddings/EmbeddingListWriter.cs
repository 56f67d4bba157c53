using System.Buffers.Binary;
using System.Text.Json;

namespace BatchInference.Emulator.OpenAI.Embeddings;

/// <summary>Writes OpenAI's embedding <c>list</c> object; base64 vectors are little-endian float32, as OpenAI sends them.</summary>
internal static class EmbeddingListWriter
{
    public static void Write(Utf8JsonWriter writer, EmbeddingRequest request, IReadOnlyList<float[]> vectors)
    {
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        for (var index = 0; index < vectors.Count; index++)
        {
            writer.WriteStartObject();
            writer.WriteString("object", "embedding");
            writer.WriteNumber("index", index);
            if (request.Base64)
            {
                writer.WriteBase64String("embedding", ToBytes(vectors[index]));
            }
            else
            {
                writer.WriteStartArray("embedding");
                foreach (var value in vectors[index])
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("model", request.Model);
        var tokens = request.PromptTokens();
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", tokens);
        writer.WriteNumber("total_tokens", tokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static byte[] ToBytes(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }
}
