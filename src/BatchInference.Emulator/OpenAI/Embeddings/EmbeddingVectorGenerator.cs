using BatchInference.Emulator.Determinism;

namespace BatchInference.Emulator.OpenAI.Embeddings;

/// <summary>
/// Deterministic unit vectors: the same model and input always give the same vector, different inputs give nearly
/// orthogonal ones. A shortened vector (<c>dimensions</c>) is the native one cut and re-normalised, which is how
/// OpenAI describes its text-embedding-3 models.
/// </summary>
internal static class EmbeddingVectorGenerator
{
    public static float[] Generate(string model, EmbeddingInput input, int dimensions)
    {
        var seed = StableHash.ToUInt64(StableHash.Of(model + "\n" + input.Identity));
        var random = new SplitMix64(seed);
        var vector = new float[dimensions];
        var sumOfSquares = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            var value = (random.NextDouble() * 2) - 1;
            vector[i] = (float)value;
            sumOfSquares += value * value;
        }

        var norm = (float)Math.Sqrt(sumOfSquares);
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }

        return vector;
    }
}
