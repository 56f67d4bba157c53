using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BatchInference.Orchestrations.Notifications;
using BatchInference.Testing;
using BatchInference.Testing.Webhooks;

namespace BatchInference.Cli.Tests.Serving;

/// <summary>
/// A batch created through the OpenAI-compatible API with <c>bi_webhook_url</c> in its metadata sends OpenAI's
/// <c>batch.completed</c> webhook event, which the official <c>openai</c> npm package's <c>client.webhooks.unwrap</c>
/// verifies and parses (tests/tools/openai-webhook-unwrap.mjs), as a receiver written for OpenAI would.
/// </summary>
public sealed class BatchWebhookTests(WebhookServeFixture server) : IClassFixture<WebhookServeFixture>
{
    [Fact]
    public async Task Batch_WithAWebhookUrlInItsMetadata_OpenAIsBatchCompletedEventThatTheNpmSdkUnwraps()
    {
        await using var receiver = WebhookReceiver.Start(WebhookServeFixture.Secret);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServeFixture.KeyA);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("batch"), "purpose" },
            { new ByteArrayContent(SdkRequests.ChatFile(2)), "file", "in.jsonl" },
        };
        var file = JsonNode.Parse(await (await http.PostAsync("/v1/files", form)).Content.ReadAsStringAsync())!;
        var create = new JsonObject
        {
            ["input_file_id"] = file["id"]!.GetValue<string>(),
            ["endpoint"] = "/v1/chat/completions",
            ["completion_window"] = "24h",
            ["metadata"] = new JsonObject { ["bi_webhook_url"] = receiver.Url },
        };
        using var response = await http.PostAsync("/v1/batches", new StringContent(create.ToJsonString(), Encoding.UTF8, "application/json"));
        var batch = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, batch.ToJsonString());
        var batchId = batch["id"]!.GetValue<string>();

        await Poll.UntilAsync(() => receiver.Accepted.Count > 0, "the batch's webhook", TimeSpan.FromMinutes(3));
        var request = Assert.Single(receiver.Requests);
        Assert.True(request.Verified);
        var seen = await UnwrapWithNodeSdkAsync(request);

        var evt = seen["event"]!;
        Assert.Equal("event", evt["object"]!.GetValue<string>());
        Assert.Equal("batch.completed", evt["type"]!.GetValue<string>());
        Assert.Equal(batchId, evt["data"]!["id"]!.GetValue<string>());
        Assert.Matches("^evt_[0-9a-f]{32}$", evt["id"]!.GetValue<string>());
        Assert.True(evt["created_at"]!.GetValue<long>() >= batch["created_at"]!.GetValue<long>());
        Assert.True(seen["tampered_rejected"]!.GetValue<bool>(), "the SDK accepted a changed body");

        // The batch's job reports the delivery; the status never shows the URL's token.
        var jobId = "job_" + batchId["batch_".Length..];
        var status = Assert.Single((await server.Pipeline.Engine.GetStatusAsync(jobId))!.Notifications);
        Assert.Equal(("batch.completed", NotificationDelivery.Delivered), (status.Event, status.State));
        Assert.DoesNotContain("t0ps3cret", status.Endpoint, StringComparison.Ordinal);
    }

    private static async Task<JsonObject> UnwrapWithNodeSdkAsync(ReceivedWebhook request)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "tools", "openai-webhook-unwrap.mjs"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var input = new JsonObject
        {
            ["secret"] = WebhookServeFixture.Secret,
            ["headers"] = new JsonObject
            {
                ["webhook-id"] = request.Id,
                ["webhook-timestamp"] = request.Timestamp,
                ["webhook-signature"] = request.Signature,
            },
            ["body"] = Encoding.UTF8.GetString(request.Body),
        };
        await process.StandardInput.WriteAsync(input.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"node exited {process.ExitCode}: {await stderr}");
        return JsonNode.Parse(await stdout)!.AsObject();
    }
}
