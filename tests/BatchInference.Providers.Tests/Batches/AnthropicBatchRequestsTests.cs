using System.Text;
using System.Text.Json;
using BatchInference.Providers.Batches;

namespace BatchInference.Providers.Tests.Batches;

public sealed class AnthropicBatchRequestsTests
{
    [Fact]
    public void Write_Lines_BecomeRequestsWithTheBodyAsParams()
    {
        const string body = """{"model":"claude-sonnet-4-5","max_tokens":64,"x_future":{"n":1.50},"messages":[{"role":"user","content":"h\u00e9"}]}""";

        using var stream = AnthropicBatchRequests.Write([new BatchInputLine("l1", Encoding.UTF8.GetBytes(body)), new BatchInputLine("l2", Encoding.UTF8.GetBytes("{}"))]);

        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Equal($$$"""{"requests":[{"custom_id":"l1","params":{{{body}}}},{"custom_id":"l2","params":{}}]}""", text);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(2, document.RootElement.GetProperty("requests").GetArrayLength());
    }

    [Fact]
    public void Write_BodyNotAnObject_Throws() =>
        Assert.Throws<ArgumentException>(() => AnthropicBatchRequests.Write([new BatchInputLine("l1", Encoding.UTF8.GetBytes("[]"))]));
}
