using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.Files;

/// <summary>
/// OpenAI's Files API as the Batch API uses it (openai-openapi <c>/files</c>, <c>/files/{file_id}</c>,
/// <c>/files/{file_id}/content</c>): upload (multipart <c>file</c> + <c>purpose</c>), list, retrieve, download and
/// delete, kept in memory. "The Batch API only supports .jsonl files up to 200 MB in size" (createFile), so a
/// <c>batch</c> upload larger than <see cref="EmulatorOptions.BatchMaxFileBytes"/> or not named <c>*.jsonl</c> is 400.
/// </summary>
internal sealed class FilesEndpoints(EmulatorState state, ILogger logger)
{
    // createFile: "Individual files can be up to 512 MB".
    private const long MaxFileBytes = 512L * 1024 * 1024;
    private const long FormOverheadBytes = 1024 * 1024;
    private const int DefaultListLimit = 10_000;

    private static readonly HashSet<string> Purposes = new(StringComparer.Ordinal)
    {
        "assistants", StoredFile.BatchPurpose, "fine-tune", "vision", "user_data", "evals",
    };

    public async Task UploadAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var batchLimit = state.Options.Current.BatchMaxFileBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = Math.Max(batchLimit, MaxFileBytes) + FormOverheadBytes;
        }

        FileUpload upload;
        try
        {
            upload = await MultipartUploadReader.ReadAsync(
                context.Request, purpose => purpose == StoredFile.BatchPurpose ? batchLimit : MaxFileBytes, cancellationToken).ConfigureAwait(false);
            Check(upload, batchLimit);
        }
        catch (OpenAIRequestException exception)
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context.Response, exception, cancellationToken).ConfigureAwait(false);
            return;
        }

        var file = state.Files.Add(upload.Filename!, upload.Purpose!, upload.Content!);
        Log.FileStored(logger, file.Id, file.Purpose, file.Content.LongLength);
        await JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, w => FileObjectWriter.Write(w, file), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var purpose = query["purpose"].ToString();
        var descending = !string.Equals(query["order"].ToString(), "asc", StringComparison.Ordinal);
        var limit = int.TryParse(query["limit"].ToString(), out var parsed) && parsed is >= 1 and <= DefaultListLimit ? parsed : DefaultListLimit;
        var files = state.Files.List().Where(f => purpose.Length == 0 || f.Purpose == purpose);
        var ordered = (descending ? files.Reverse() : files).ToList();
        var after = query["after"].ToString();
        var start = after.Length == 0 ? 0 : ordered.FindIndex(f => f.Id == after) + 1;
        var page = ordered.Skip(start).Take(limit).ToList();
        await JsonResponses.WriteAsync(
            context.Response, StatusCodes.Status200OK, w => FileObjectWriter.WriteList(w, page, start + page.Count < ordered.Count), context.RequestAborted)
            .ConfigureAwait(false);
    }

    public async Task GetAsync(HttpContext context)
    {
        if (await FindAsync(context).ConfigureAwait(false) is { } file)
        {
            await JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, w => FileObjectWriter.Write(w, file), context.RequestAborted)
                .ConfigureAwait(false);
        }
    }

    public async Task GetContentAsync(HttpContext context)
    {
        if (await FindAsync(context).ConfigureAwait(false) is { } file)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = file.Content.LongLength;
            await context.Response.Body.WriteAsync(file.Content, context.RequestAborted).ConfigureAwait(false);
        }
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var id = context.GetRouteValue("fileId") as string ?? string.Empty;
        if (!state.Files.Delete(id))
        {
            await OpenAIErrors.WriteNotFoundAsync(context.Response, $"No such File object: {id}", "id", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        Log.FileDeleted(logger, id);
        await JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, w => FileObjectWriter.WriteDeleted(w, id), context.RequestAborted)
            .ConfigureAwait(false);
    }

    private static void Check(FileUpload upload, long batchLimit)
    {
        if (upload.Filename is null)
        {
            throw JsonBodyFields.Missing("file");
        }

        if (upload.Purpose is null)
        {
            throw JsonBodyFields.Missing("purpose");
        }

        if (!Purposes.Contains(upload.Purpose))
        {
            throw new OpenAIRequestException(
                $"Invalid value for 'purpose': '{upload.Purpose}'. Supported values are: {string.Join(", ", Purposes.Select(p => $"'{p}'"))}.",
                "purpose",
                "invalid_value");
        }

        if (upload.Purpose == StoredFile.BatchPurpose && !upload.Filename.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            throw new OpenAIRequestException("Invalid file format for Batch API. Must be .jsonl", "file", "invalid_file_format");
        }

        if (upload.TooLarge)
        {
            var limit = upload.Purpose == StoredFile.BatchPurpose ? batchLimit : MaxFileBytes;
            throw new OpenAIRequestException(
                $"File is too large. Files with purpose '{upload.Purpose}' may be at most {limit} bytes.", "file", "file_too_large");
        }
    }

    private async Task<StoredFile?> FindAsync(HttpContext context)
    {
        var id = context.GetRouteValue("fileId") as string ?? string.Empty;
        if (state.Files.Get(id) is { } file)
        {
            return file;
        }

        await OpenAIErrors.WriteNotFoundAsync(context.Response, $"No such File object: {id}", "id", context.RequestAborted).ConfigureAwait(false);
        return null;
    }
}
