using System.Text.Json;
using BatchInference.Providers.Batches;

namespace BatchInference.Providers.Tests.Batches;

public sealed class AnthropicBatchJsonTests
{
    private static readonly DateTimeOffset Documented = new DateTimeOffset(2024, 8, 20, 18, 37, 24, TimeSpan.Zero).AddTicks(1004350);

    [Fact]
    public void Parse_DocumentedBatch_ReadsEveryField()
    {
        // The message batch object of Anthropic's API reference.
        var batch = Parse("""
            {
              "archived_at": "2024-08-20T18:37:24.100435Z",
              "cancel_initiated_at": "2024-08-20T18:37:24.100435Z",
              "created_at": "2024-08-20T18:37:24.100435Z",
              "ended_at": "2024-08-20T18:37:24.100435Z",
              "expires_at": "2024-08-20T18:37:24.100435Z",
              "id": "msgbatch_013Zva2CMHLNnXjNJJKqJ2EF",
              "processing_status": "in_progress",
              "request_counts": {"canceled": 10, "errored": 30, "expired": 10, "processing": 100, "succeeded": 50},
              "results_url": "https://api.anthropic.com/v1/messages/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF/results",
              "type": "message_batch"
            }
            """);

        Assert.Equal(
            new ProviderBatch(
                "msgbatch_013Zva2CMHLNnXjNJJKqJ2EF",
                ProviderBatchStatus.InProgress,
                null,
                200,
                50,
                30,
                Documented,
                Documented,
                ResultsUrl: new Uri("https://api.anthropic.com/v1/messages/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF/results")),
            batch);
    }

    [Theory]
    [InlineData("in_progress", 0, 0, ProviderBatchStatus.InProgress)]
    [InlineData("canceling", 0, 0, ProviderBatchStatus.Cancelling)]
    [InlineData("ended", 0, 0, ProviderBatchStatus.Completed)]
    [InlineData("ended", 3, 0, ProviderBatchStatus.Cancelled)]
    [InlineData("ended", 0, 4, ProviderBatchStatus.Expired)]
    [InlineData("ended", 3, 4, ProviderBatchStatus.Cancelled)]
    public void Parse_ProcessingStatus_MapsByRequestCounts(string status, int canceled, int expired, ProviderBatchStatus expected)
    {
        var batch = Parse($$$"""
            {"id":"msgbatch_1","type":"message_batch","processing_status":"{{{status}}}","created_at":"2025-01-01T00:00:00Z",
             "request_counts":{"processing":0,"succeeded":5,"errored":1,"canceled":{{{canceled}}},"expired":{{{expired}}}}}
            """);

        Assert.Equal(expected, batch.Status);
        Assert.Equal(6 + canceled + expired, batch.Total);
    }

    [Fact]
    public void Parse_WithKey_CarriesIt()
    {
        var key = new BatchKey("job", 1, 1);

        using var document = JsonDocument.Parse("""{"id":"msgbatch_2","processing_status":"ended","created_at":"2025-01-01T00:00:00Z"}""");

        Assert.Equal(key, AnthropicBatchJson.Parse(document.RootElement, key).Key);
    }

    private static ProviderBatch Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return AnthropicBatchJson.Parse(document.RootElement);
    }
}
