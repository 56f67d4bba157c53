using System.Globalization;
using BatchInference.Emulator.Files;
using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BatchInference.Emulator.Batches.OpenAIBatches;

/// <summary>
/// OpenAI's Batch API (openai-openapi <c>/batches</c>, <c>/batches/{batch_id}</c>, <c>/batches/{batch_id}/cancel</c>):
/// create from an uploaded <c>batch</c> file, retrieve, list (newest first, <c>after</c> cursor, <c>limit</c> 1–100
/// default 20) and cancel. Cancelling an ended batch is 409 "Cannot cancel a batch with status '…'.", the answer OpenAI
/// gives (its SDKs raise ConflictError). Lines run on the shared <see cref="BatchEngine"/>.
/// </summary>
internal sealed class OpenAIBatchesEndpoints(EmulatorState state)
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public async Task CreateAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var body = await RequestBodyReader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        OpenAIBatchCreateRequest request;
        StoredFile file;
        try
        {
            request = OpenAIBatchCreateRequest.Parse(body);
            file = InputFile(request.InputFileId);
        }
        catch (OpenAIRequestException exception)
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context.Response, exception, cancellationToken).ConfigureAwait(false);
            return;
        }

        var input = OpenAIBatchInputParser.Parse(file.Content, request.Endpoint, state.Options.Current.BatchMaxLines);
        var descriptor = new BatchDescriptor(
            EmulatorProviders.OpenAI, request.Endpoint, request.InputFileId, request.CompletionWindow, request.Metadata, Validates: true);
        var batch = state.Batches.Create(
            EmulatorIds.NewBatchId(), descriptor, input.Requests, input.Errors, ended => OpenAIBatchResultFiles.Write(state.Files, ended));
        await WriteAsync(context, batch).ConfigureAwait(false);
    }

    public async Task GetAsync(HttpContext context)
    {
        var id = BatchId(context);
        if (state.Batches.Get(id, EmulatorProviders.OpenAI) is { } batch)
        {
            await WriteAsync(context, batch).ConfigureAwait(false);
            return;
        }

        await NotFoundAsync(context, id).ConfigureAwait(false);
    }

    public async Task ListAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var query = context.Request.Query;
        var limitText = query["limit"].ToString();
        var limit = DefaultLimit;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            await OpenAIErrors.WriteAsync(
                context.Response, StatusCodes.Status400BadRequest,
                string.Create(CultureInfo.InvariantCulture, $"Invalid 'limit': expected an integer between 1 and {MaxLimit}, but got '{limitText}' instead."),
                OpenAIErrors.InvalidRequestType, "limit", "invalid_value", cancellationToken).ConfigureAwait(false);
            return;
        }

        var batches = state.Batches.List(EmulatorProviders.OpenAI).ToList();
        var after = query["after"].ToString();
        var start = 0;
        if (after.Length > 0)
        {
            start = batches.FindIndex(b => b.Id == after) + 1;
            if (start == 0)
            {
                await NotFoundAsync(context, after).ConfigureAwait(false);
                return;
            }
        }

        var page = batches.Skip(start).Take(limit).ToList();
        await JsonResponses.WriteAsync(
            context.Response, StatusCodes.Status200OK, w => OpenAIBatchWriter.WriteList(w, page, start + page.Count < batches.Count), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task CancelAsync(HttpContext context)
    {
        var id = BatchId(context);
        if (state.Batches.Cancel(id, EmulatorProviders.OpenAI) is not { } batch)
        {
            await NotFoundAsync(context, id).ConfigureAwait(false);
            return;
        }

        if (batch.IsTerminal)
        {
            await OpenAIErrors.WriteAsync(
                context.Response, StatusCodes.Status409Conflict, $"Cannot cancel a batch with status '{OpenAIBatchWriter.Status(batch.Phase)}'.",
                OpenAIErrors.InvalidRequestType, param: null, code: null, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, batch).ConfigureAwait(false);
    }

    private StoredFile InputFile(string id)
    {
        var file = state.Files.Get(id)
            ?? throw new OpenAIRequestException($"Invalid 'input_file_id': no file with id '{id}' exists.", "input_file_id", "invalid_value");
        return file.Purpose == StoredFile.BatchPurpose
            ? file
            : throw new OpenAIRequestException(
                $"Invalid 'input_file_id': file '{id}' has purpose '{file.Purpose}'; a batch input file must be uploaded with purpose 'batch'.",
                "input_file_id",
                "invalid_value");
    }

    private static string BatchId(HttpContext context) => context.GetRouteValue("batchId") as string ?? string.Empty;

    private static Task WriteAsync(HttpContext context, BatchSnapshot batch) =>
        JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, w => OpenAIBatchWriter.Write(w, batch), context.RequestAborted);

    private static Task NotFoundAsync(HttpContext context, string id) =>
        OpenAIErrors.WriteNotFoundAsync(context.Response, $"No such Batch object: {id}", "batch_id", context.RequestAborted);
}
