using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BatchInference.Api.Hosting;

/// <summary>Routes OpenAI's file and batch paths under <c>/v1</c> to a <see cref="BatchApi"/> (for a Kestrel host).</summary>
public static class BatchApiRoutes
{
    /// <summary>Maps the nine endpoints.</summary>
    /// <param name="routes">The app.</param>
    /// <param name="api">The API.</param>
    /// <returns><paramref name="routes"/>.</returns>
    public static IEndpointRouteBuilder MapBatchApi(this IEndpointRouteBuilder routes, BatchApi api)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(api);
        routes.MapPost("/v1/files", (HttpRequest r, CancellationToken ct) => api.UploadFileAsync(r, ct));
        routes.MapGet("/v1/files", (HttpRequest r, CancellationToken ct) => api.ListFilesAsync(r, ct));
        routes.MapGet("/v1/files/{fileId}", (HttpRequest r, string fileId, CancellationToken ct) => api.GetFileAsync(r, fileId, ct));
        routes.MapGet("/v1/files/{fileId}/content", (HttpRequest r, string fileId, CancellationToken ct) => api.GetFileContentAsync(r, fileId, ct));
        routes.MapDelete("/v1/files/{fileId}", (HttpRequest r, string fileId, CancellationToken ct) => api.DeleteFileAsync(r, fileId, ct));
        routes.MapPost("/v1/batches", (HttpRequest r, CancellationToken ct) => api.CreateBatchAsync(r, ct));
        routes.MapGet("/v1/batches", (HttpRequest r, CancellationToken ct) => api.ListBatchesAsync(r, ct));
        routes.MapGet("/v1/batches/{batchId}", (HttpRequest r, string batchId, CancellationToken ct) => api.GetBatchAsync(r, batchId, ct));
        routes.MapPost("/v1/batches/{batchId}/cancel", (HttpRequest r, string batchId, CancellationToken ct) => api.CancelBatchAsync(r, batchId, ct));
        return routes;
    }
}
