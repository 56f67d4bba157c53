using System.Globalization;
using BatchInference.Api.Auth;
using BatchInference.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BatchInference.Api.Files;

/// <summary>OpenAI's <c>/v1/files</c> endpoints over a team's <see cref="FileStore"/>.</summary>
internal sealed class FilesEndpoints(FileStore files, BatchApiOptions options, TimeProvider time)
{
    /// <summary><c>POST /v1/files</c>: multipart <c>file</c> and <c>purpose=batch</c>.</summary>
    public async Task<IResult> UploadAsync(ApiCaller caller, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return ApiErrors.Invalid("Send the file as multipart/form-data with fields 'file' and 'purpose'.", "file");
        }

        IFormCollection form;
        try
        {
            // Large files spill to a temporary file of the server, not to memory.
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = options.MaxFileBytes + (1 << 20) }, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return TooLarge();
        }

        var purpose = form["purpose"].ToString();
        if (purpose != "batch")
        {
            return ApiErrors.Invalid($"'{purpose}' is not a supported purpose: this server keeps files for batches only (purpose 'batch').", "purpose");
        }

        if (form.Files.GetFile("file") is not { } file)
        {
            return ApiErrors.Invalid("The multipart field 'file' is missing.", "file");
        }

        if (file.Length > options.MaxFileBytes)
        {
            return TooLarge();
        }

        long lines;
        var counting = file.OpenReadStream();
        await using (counting.ConfigureAwait(false))
        {
            lines = await LineCount.CountAsync(counting, options.MaxFileLines, cancellationToken).ConfigureAwait(false);
        }

        if (lines > options.MaxFileLines)
        {
            return ApiErrors.Invalid(
                string.Create(CultureInfo.InvariantCulture, $"The file has more than {options.MaxFileLines:N0} requests, the most one batch file may hold (Api:MaxFileLines); split it into several files."),
                "file", "too_many_requests_in_file");
        }

        if (lines == 0)
        {
            return ApiErrors.Invalid("The file has no requests: it must hold one JSON request per line.", "file", "empty_file");
        }

        var content = file.OpenReadStream();
        await using var closing = content.ConfigureAwait(false);
        var name = string.IsNullOrWhiteSpace(file.FileName) ? "upload.jsonl" : Path.GetFileName(file.FileName);
        var uploaded = await files.UploadAsync(caller.Team, name, purpose, content, file.Length, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return ApiJson.Ok(uploaded.ToJson());
    }

    /// <summary><c>GET /v1/files/{id}</c>.</summary>
    public async Task<IResult> GetAsync(ApiCaller caller, string fileId, CancellationToken cancellationToken) =>
        await files.GetAsync(caller.Team, fileId, cancellationToken).ConfigureAwait(false) is { } file ? ApiJson.Ok(file.ToJson()) : NoSuchFile(fileId);

    /// <summary><c>GET /v1/files/{id}/content</c>: the bytes as stored.</summary>
    public async Task<IResult> ContentAsync(ApiCaller caller, string fileId, CancellationToken cancellationToken)
    {
        if (await files.GetAsync(caller.Team, fileId, cancellationToken).ConfigureAwait(false) is not { } file
            || await files.OpenAsync(file, cancellationToken).ConfigureAwait(false) is not { } download)
        {
            return NoSuchFile(fileId);
        }

        return Results.Stream(download.Content, "application/octet-stream");
    }

    /// <summary><c>GET /v1/files</c>: newest first (<c>order=asc</c> for oldest), <c>purpose</c>, <c>after</c>, <c>limit</c> (1-10,000).</summary>
    public async Task<IResult> ListAsync(ApiCaller caller, HttpRequest request, CancellationToken cancellationToken)
    {
        if (Paging.Read(request, defaultLimit: 10_000, maxLimit: 10_000) is not { } paging)
        {
            return ApiErrors.Invalid("limit must be a whole number from 1 to 10000.", "limit");
        }

        var purpose = request.Query["purpose"].ToString();
        var all = new List<ApiFile>();
        await foreach (var file in files.ListAsync(caller.Team, cancellationToken).ConfigureAwait(false))
        {
            if (purpose.Length == 0 || file.Purpose == purpose)
            {
                all.Add(file);
            }
        }

        if (request.Query["order"] == "asc")
        {
            all.Reverse();
        }

        var (page, hasMore) = paging.Apply(all, f => f.Id);
        return ApiJson.Ok(ApiJson.List([.. page.Select(f => f.ToJson())], hasMore));
    }

    /// <summary><c>DELETE /v1/files/{id}</c>.</summary>
    public async Task<IResult> DeleteAsync(ApiCaller caller, string fileId, CancellationToken cancellationToken)
    {
        if (await files.GetAsync(caller.Team, fileId, cancellationToken).ConfigureAwait(false) is not { } file
            || !await files.DeleteAsync(file, cancellationToken).ConfigureAwait(false))
        {
            return NoSuchFile(fileId);
        }

        return ApiJson.Ok(new System.Text.Json.Nodes.JsonObject { ["id"] = fileId, ["object"] = "file", ["deleted"] = true });
    }

    public static IResult NoSuchFile(string fileId) => ApiErrors.NotFound($"No such File object: {fileId}");

    private IResult TooLarge() => ApiErrors.Invalid(
        string.Create(CultureInfo.InvariantCulture, $"The file is larger than {options.MaxFileBytes:N0} bytes, the largest this server accepts (Api:MaxFileBytes)."),
        "file", "file_too_large");
}
