using System.Buffers.Binary;
using System.Net;
using System.Text.Json;

namespace BatchInference.Emulator.Tests.OpenAI.Embeddings;

public sealed class EmbeddingsEndpointTests
{
    private static float[] Floats(JsonElement item) =>
        item.GetProperty("embedding").ValueKind == JsonValueKind.String
            ? Decode(item.GetProperty("embedding").GetBytesFromBase64())
            : [.. item.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())];

    private static float[] Decode(byte[] bytes) =>
        [.. Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)))];

    [Fact]
    public async Task Post_FloatAndBase64_EncodeTheSameVector()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var asFloats = await TestEmulator.PostJsonAsync(client, "v1/embeddings", """{"model":"text-embedding-ada-002","input":"hello world"}""");
        using var asBase64 = await TestEmulator.PostJsonAsync(
            client, "v1/embeddings", """{"model":"text-embedding-ada-002","input":"hello world","encoding_format":"base64"}""");
        var floats = await TestEmulator.ReadJsonAsync(asFloats);
        var base64 = await TestEmulator.ReadJsonAsync(asBase64);

        Assert.Equal("list", floats.GetProperty("object").GetString());
        Assert.Equal("embedding", floats.GetProperty("data")[0].GetProperty("object").GetString());
        Assert.Equal(JsonValueKind.String, base64.GetProperty("data")[0].GetProperty("embedding").ValueKind);
        var vector = Floats(floats.GetProperty("data")[0]);
        Assert.Equal(1536, vector.Length);
        Assert.Equal(vector, Floats(base64.GetProperty("data")[0]));
        Assert.Equal(3, floats.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(3, floats.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Post_TokenArrays_EmbedsEachAndCountsTokens()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(
            client, "v1/embeddings", """{"model":"text-embedding-3-small","input":[[1,2,3],[4,5]],"dimensions":64}""");
        var json = await TestEmulator.ReadJsonAsync(response);

        var data = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([0, 1], data.Select(d => d.GetProperty("index").GetInt32()));
        Assert.All(data, d => Assert.Equal(64, Floats(d).Length));
        Assert.Equal(5, json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(5, server.RequestLog.Snapshot()[0].PromptTokens);
    }

    [Theory]
    [InlineData("""{"model":"text-embedding-ada-002","input":"x","dimensions":256}""", "dimensions")]
    [InlineData("""{"model":"text-embedding-3-small","input":"x","dimensions":2000}""", "dimensions")]
    [InlineData("""{"model":"text-embedding-3-small"}""", "input")]
    [InlineData("""{"model":"text-embedding-3-small","input":[]}""", "input")]
    [InlineData("""{"model":"text-embedding-3-small","input":""}""", "input")]
    [InlineData("""{"model":"text-embedding-3-small","input":"x","encoding_format":"int8"}""", "encoding_format")]
    [InlineData("""{"input":"x"}""", null)]
    public async Task Post_BadBody_Returns400NotBillable(string body, string? param)
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(client, "v1/embeddings", body);
        var error = (await TestEmulator.ReadJsonAsync(response)).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(0, server.RequestLog.BillableCount);
    }
}
