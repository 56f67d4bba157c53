using BatchInference.Api.Auth;
using BatchInference.Api.Batches;
using BatchInference.Api.Errors;
using BatchInference.Api.Files;
using BatchInference.Orchestrations.Engine;
using BatchInference.Storage.Blobs;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Api;

/// <summary>
/// The OpenAI-compatible Batch API over one job engine and its storage: every handler authenticates the request, then
/// answers for the caller's team only (another team's ids are not found). Hosts route <c>/v1/files…</c> and
/// <c>/v1/batches…</c> here (<see cref="Hosting.BatchApiRoutes"/> for ASP.NET Core, HTTP functions in the Functions app).
/// Cheap to create: a host may make one per request.
/// </summary>
public sealed class BatchApi
{
    private readonly ApiAuthenticator _auth;
    private readonly FilesEndpoints _files;
    private readonly BatchesEndpoints _batches;

    /// <summary>Creates the API.</summary>
    /// <param name="engine">The job engine batches run on.</param>
    /// <param name="blobs">The engine's storage account.</param>
    /// <param name="auth">Who may call.</param>
    /// <param name="options">Limits.</param>
    /// <param name="time">The clock.</param>
    public BatchApi(JobEngine engine, IBlobStore blobs, ApiAuthenticator auth, BatchApiOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _auth = auth;
        var batches = new BatchStore(blobs);
        var files = new FileStore(blobs, batches);
        _files = new FilesEndpoints(files, options, time);
        _batches = new BatchesEndpoints(engine, batches, files, new BatchReader(engine, blobs), time);
    }

    /// <summary><c>POST /v1/files</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops the upload.</param>
    /// <returns>The answer.</returns>
    public Task<IResult> UploadFileAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        As(request, caller => _files.UploadAsync(caller, request, cancellationToken));

    /// <summary><c>GET /v1/files</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The answer.</returns>
    public Task<IResult> ListFilesAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        As(request, caller => _files.ListAsync(caller, request, cancellationToken));

    /// <summary><c>GET /v1/files/{fileId}</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="fileId">The file.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The answer.</returns>
    public Task<IResult> GetFileAsync(HttpRequest request, string fileId, CancellationToken cancellationToken = default) =>
        As(request, caller => _files.GetAsync(caller, fileId, cancellationToken));

    /// <summary><c>GET /v1/files/{fileId}/content</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="fileId">The file.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The answer.</returns>
    public Task<IResult> GetFileContentAsync(HttpRequest request, string fileId, CancellationToken cancellationToken = default) =>
        As(request, caller => _files.ContentAsync(caller, fileId, cancellationToken));

    /// <summary><c>DELETE /v1/files/{fileId}</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="fileId">The file.</param>
    /// <param name="cancellationToken">Stops waiting; the file may still be deleted.</param>
    /// <returns>The answer.</returns>
    public Task<IResult> DeleteFileAsync(HttpRequest request, string fileId, CancellationToken cancellationToken = default) =>
        As(request, caller => _files.DeleteAsync(caller, fileId, cancellationToken));

    /// <summary><c>POST /v1/batches</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops waiting; the batch may still be created.</param>
    /// <returns>The answer.</returns>
    public Task<IResult> CreateBatchAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        As(request, caller => _batches.CreateAsync(caller, request, cancellationToken));

    /// <summary><c>GET /v1/batches</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The answer.</returns>
    public Task<IResult> ListBatchesAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        As(request, caller => _batches.ListAsync(caller, request, cancellationToken));

    /// <summary><c>GET /v1/batches/{batchId}</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="batchId">The batch.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The answer.</returns>
    public Task<IResult> GetBatchAsync(HttpRequest request, string batchId, CancellationToken cancellationToken = default) =>
        As(request, caller => _batches.GetAsync(caller, batchId, cancellationToken));

    /// <summary><c>POST /v1/batches/{batchId}/cancel</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="batchId">The batch.</param>
    /// <param name="cancellationToken">Stops waiting; the cancel may still be recorded.</param>
    /// <returns>The answer.</returns>
    public Task<IResult> CancelBatchAsync(HttpRequest request, string batchId, CancellationToken cancellationToken = default) =>
        As(request, caller => _batches.CancelAsync(caller, batchId, cancellationToken));

    private Task<IResult> As(HttpRequest request, Func<ApiCaller, Task<IResult>> handle) =>
        _auth.Authenticate(request) is { } caller ? handle(caller) : Task.FromResult(ApiErrors.Unauthorized());
}
