using System.Text;
using System.Text.Json.Nodes;
using BatchInference.Api.Auth;
using BatchInference.FunctionApp.OpenAI;
using BatchInference.FunctionApp.Tests.Infrastructure;
using BatchInference.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace BatchInference.FunctionApp.Tests.OpenAI;

/// <summary>The Batch API's HTTP functions called as the worker calls them: the same handlers as <c>bi serve</c>, keys
/// from the app settings (section <c>Api</c>), answers executed as the ASP.NET Core integration executes them.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class BatchApiFunctionsTests(AzuriteFixture azurite)
{
    private const string Key = "sk-functions-test";

    [Fact]
    public async Task UploadThenCreate_ConfiguredKey_FileStoredAndBatchValidating()
    {
        await using var app = await AppHarness.StartAsync(azurite, new Dictionary<string, string?> { [$"Api:Keys:{ApiKeyring.HashHex(Key)}:Team"] = "fx" });
        var functions = app.Create<BatchApiFunctions>();
        var line = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}}\n";

        var (uploadStatus, file) = await RunAsync(await functions.UploadFileAsync(Multipart(line), app.Durable, default));
        var fileId = file["id"]!.GetValue<string>();
        var create = Request("POST", "/v1/batches", Key);
        create.ContentType = "application/json";
        create.Body = new MemoryStream(Encoding.UTF8.GetBytes($$"""{"input_file_id":"{{fileId}}","endpoint":"/v1/embeddings","completion_window":"24h"}"""));
        var (createStatus, batch) = await RunAsync(await functions.CreateBatchAsync(create, app.Durable, default));
        var (getStatus, again) = await RunAsync(await functions.GetBatchAsync(Request("GET", "/v1/batches/x", Key), batch["id"]!.GetValue<string>(), app.Durable, default));

        Assert.Equal(200, uploadStatus);
        Assert.Equal("batch", file["purpose"]!.GetValue<string>());
        Assert.Equal(200, createStatus);
        Assert.Equal("validating", batch["status"]!.GetValue<string>());
        Assert.Equal(200, getStatus);
        Assert.Equal(batch["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());
        Assert.Equal(1, await app.OrchestrationCountAsync());
    }

    [Fact]
    public async Task AnyFunction_NoKey_OpenAIs401()
    {
        await using var app = await AppHarness.StartAsync(azurite, new Dictionary<string, string?> { [$"Api:Keys:{ApiKeyring.HashHex(Key)}:Team"] = "fx" });

        var (status, body) = await RunAsync(await app.Create<BatchApiFunctions>().ListBatchesAsync(Request("GET", "/v1/batches", key: null), app.Durable, default));

        Assert.Equal(401, status);
        Assert.Equal("invalid_api_key", body["error"]!["code"]!.GetValue<string>());
    }

    private static HttpRequest Request(string method, string path, string? key)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = method;
        context.Request.Path = path;
        if (key is not null)
        {
            context.Request.Headers.Authorization = new StringValues("Bearer " + key);
        }

        return context.Request;
    }

    private static HttpRequest Multipart(string content)
    {
        var request = Request("POST", "/v1/files", Key);
        var form = new MultipartFormDataContent("----bi-test")
        {
            { new StringContent("batch"), "purpose" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", "in.jsonl" },
        };
        request.ContentType = form.Headers.ContentType!.ToString();
        var body = new MemoryStream();
        form.CopyTo(body, null, default);
        body.Position = 0;
        request.Body = body;
        return request;
    }

    // Executes the answer as the ASP.NET Core integration does and reads what was written.
    private static async Task<(int Status, JsonNode Body)> RunAsync(IActionResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await result.ExecuteResultAsync(new ActionContext { HttpContext = context });
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, JsonNode.Parse(context.Response.Body)!);
    }
}
