using BatchInference.Api;
using BatchInference.Api.Auth;
using BatchInference.FunctionApp.Composition;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BatchInference.FunctionApp.OpenAI;

/// <summary>
/// The OpenAI-compatible Batch API as HTTP functions on OpenAI's paths (host.json's route prefix is empty): clients use the base URL
/// <c>https://&lt;app&gt;/v1</c>. Anonymous at the Functions level because OpenAI's SDKs send
/// <c>Authorization: Bearer</c>, not a function key: every handler checks the API key (or the App Service
/// authentication principal) itself and answers OpenAI's 401 without one. The handlers are the ones <c>bi serve</c> runs.
/// </summary>
internal sealed class BatchApiFunctions(JobEngines engines, ApiAuthenticator auth, BatchApiOptions options, TimeProvider time)
{
    [Function("V1UploadFile")]
    public async Task<IActionResult> UploadFileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/files")] HttpRequest request, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        new ResultAction(await Api(durable).UploadFileAsync(request, cancellationToken).ConfigureAwait(false));

    [Function("V1ListFiles")]
    public async Task<IActionResult> ListFilesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/files")] HttpRequest request, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        new ResultAction(await Api(durable).ListFilesAsync(request, cancellationToken).ConfigureAwait(false));

    [Function("V1GetFile")]
    public async Task<IActionResult> GetFileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/files/{fileId}")] HttpRequest request, string fileId, [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        new ResultAction(await Api(durable).GetFileAsync(request, fileId, cancellationToken).ConfigureAwait(false));

    [Function("V1GetFileContent")]
    public async Task<IActionResult> GetFileContentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/files/{fileId}/content")] HttpRequest request, string fileId,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        new ResultAction(await Api(durable).GetFileContentAsync(request, fileId, cancellationToken).ConfigureAwait(false));

    [Function("V1DeleteFile")]
    public async Task<IActionResult> DeleteFileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/files/{fileId}")] HttpRequest request, string fileId, [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        new ResultAction(await Api(durable).DeleteFileAsync(request, fileId, cancellationToken).ConfigureAwait(false));

    [Function("V1CreateBatch")]
    public async Task<IActionResult> CreateBatchAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/batches")] HttpRequest request, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        new ResultAction(await Api(durable).CreateBatchAsync(request, cancellationToken).ConfigureAwait(false));

    [Function("V1ListBatches")]
    public async Task<IActionResult> ListBatchesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/batches")] HttpRequest request, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        new ResultAction(await Api(durable).ListBatchesAsync(request, cancellationToken).ConfigureAwait(false));

    [Function("V1GetBatch")]
    public async Task<IActionResult> GetBatchAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/batches/{batchId}")] HttpRequest request, string batchId, [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        new ResultAction(await Api(durable).GetBatchAsync(request, batchId, cancellationToken).ConfigureAwait(false));

    [Function("V1CancelBatch")]
    public async Task<IActionResult> CancelBatchAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/batches/{batchId}/cancel")] HttpRequest request, string batchId,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        new ResultAction(await Api(durable).CancelBatchAsync(request, batchId, cancellationToken).ConfigureAwait(false));

    // The engine over this invocation's Durable client, as the job functions use it.
    private BatchApi Api(DurableTaskClient durable) => new(engines.For(durable), engines.Blobs, auth, options, time);
}
