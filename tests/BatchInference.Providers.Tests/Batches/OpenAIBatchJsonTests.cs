using System.Text.Json;
using BatchInference.Providers.Batches;

namespace BatchInference.Providers.Tests.Batches;

public sealed class OpenAIBatchJsonTests
{
    // The batch object of OpenAI's API reference, with our metadata.
    private const string DocumentedBatch = """
        {
          "id": "batch_abc123", "object": "batch", "endpoint": "/v1/chat/completions", "errors": null,
          "input_file_id": "file-abc123", "completion_window": "24h", "status": "completed",
          "output_file_id": "file-cvaTdG", "error_file_id": "file-HOWS94",
          "created_at": 1711471533, "in_progress_at": 1711471538, "expires_at": 1711557933,
          "finalizing_at": 1711493133, "completed_at": 1711493163, "failed_at": null, "expired_at": null,
          "cancelling_at": null, "cancelled_at": null,
          "request_counts": {"total": 100, "completed": 95, "failed": 5},
          "metadata": {"job_id": "job-7", "shard": "3", "attempt": "2"}
        }
        """;

    [Fact]
    public void Parse_DocumentedBatch_ReadsEveryField()
    {
        var batch = Parse(DocumentedBatch);

        Assert.Equal(
            new ProviderBatch(
                "batch_abc123",
                ProviderBatchStatus.Completed,
                new BatchKey("job-7", 3, 2),
                100,
                95,
                5,
                DateTimeOffset.FromUnixTimeSeconds(1711471533),
                DateTimeOffset.FromUnixTimeSeconds(1711557933),
                OutputFileId: "file-cvaTdG",
                ErrorFileId: "file-HOWS94"),
            batch);
    }

    [Fact]
    public void Parse_AzureBatchWithIsoTimesAndNullCounts_ReadsThem()
    {
        // Azure OpenAI's documented create answer: ISO times, a capitalized status, null counts and metadata.
        var batch = Parse("""
            {"cancelled_at": null, "completion_window": "24h", "created_at": "2024-07-19T17:13:57.2491382+00:00",
             "error_file_id": null, "expires_at": "2024-07-20T17:13:57.1918498+00:00",
             "id": "batch_fe3f047a-de39-4068-9008-346795bfc1db", "input_file_id": "file-21006e70789246658b86a1fc205899a4",
             "errors": null, "metadata": null, "object": "batch", "output_file_id": null,
             "request_counts": {"total": null, "completed": null, "failed": null}, "status": "Validating"}
            """);

        Assert.Equal(ProviderBatchStatus.Validating, batch.Status);
        Assert.Null(batch.Key);
        Assert.Equal(0, batch.Total);
        Assert.Equal(new DateTimeOffset(2024, 7, 19, 17, 13, 57, TimeSpan.Zero), batch.CreatedAt.AddTicks(-(batch.CreatedAt.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Null(batch.OutputFileId);
    }

    [Theory]
    [InlineData("validating", ProviderBatchStatus.Validating)]
    [InlineData("failed", ProviderBatchStatus.Failed)]
    [InlineData("in_progress", ProviderBatchStatus.InProgress)]
    [InlineData("finalizing", ProviderBatchStatus.Finalizing)]
    [InlineData("completed", ProviderBatchStatus.Completed)]
    [InlineData("expired", ProviderBatchStatus.Expired)]
    [InlineData("cancelling", ProviderBatchStatus.Cancelling)]
    [InlineData("cancelled", ProviderBatchStatus.Cancelled)]
    [InlineData("Cancelled", ProviderBatchStatus.Cancelled)]
    [InlineData("something_new", ProviderBatchStatus.InProgress)]
    public void ParseStatus_EveryDocumentedStatus_Maps(string status, ProviderBatchStatus expected) =>
        Assert.Equal(expected, OpenAIBatchJson.ParseStatus(status));

    [Fact]
    public void Parse_ForeignMetadata_HasNoKey() =>
        Assert.Null(Parse("""{"id":"batch_1","status":"in_progress","created_at":1,"metadata":{"customer_id":"user_1"}}""").Key);

    [Fact]
    public void Parse_NoId_Throws() =>
        Assert.Throws<BatchProviderException>(() => Parse("""{"status":"completed"}"""));

    private static ProviderBatch Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return OpenAIBatchJson.Parse(document.RootElement);
    }
}
