using BatchInference.Emulator.OpenAI.Embeddings;

namespace BatchInference.Emulator.Tests.OpenAI.Embeddings;

public sealed class EmbeddingVectorGeneratorTests
{
    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    [Fact]
    public void Generate_SameInput_SameUnitVector()
    {
        var input = new EmbeddingInput("text:hello", 2);

        var first = EmbeddingVectorGenerator.Generate("text-embedding-3-small", input, 1536);
        var second = EmbeddingVectorGenerator.Generate("text-embedding-3-small", input, 1536);

        Assert.Equal(first, second);
        Assert.Equal(1.0, Dot(first, first), 5);
    }

    [Fact]
    public void Generate_DifferentInputsOrModels_NearlyOrthogonal()
    {
        var hello = EmbeddingVectorGenerator.Generate("text-embedding-3-small", new EmbeddingInput("text:hello", 2), 1536);
        var world = EmbeddingVectorGenerator.Generate("text-embedding-3-small", new EmbeddingInput("text:world", 2), 1536);
        var otherModel = EmbeddingVectorGenerator.Generate("text-embedding-ada-002", new EmbeddingInput("text:hello", 2), 1536);

        Assert.InRange(Dot(hello, world), -0.2, 0.2);
        Assert.InRange(Dot(hello, otherModel), -0.2, 0.2);
    }

    [Fact]
    public void Generate_FewerDimensions_IsNativeVectorCutAndRenormalised()
    {
        var input = new EmbeddingInput("text:hello", 2);
        var native = EmbeddingVectorGenerator.Generate("text-embedding-3-large", input, 3072);

        var shortened = EmbeddingVectorGenerator.Generate("text-embedding-3-large", input, 256);

        var prefixNorm = Math.Sqrt(native.Take(256).Sum(x => (double)x * x));
        Assert.Equal(1.0, Dot(shortened, shortened), 5);
        Assert.Equal(1.0, Dot(shortened, [.. native.Take(256)]) / prefixNorm, 5);
    }
}
