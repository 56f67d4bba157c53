using System.Globalization;
using BatchInference.Emulator.Batches;
using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace BatchInference.Emulator.Anthropic.MessageBatches;

/// <summary>
/// Anthropic's Message Batches API (https://docs.claude.com/en/api/creating-message-batches and siblings): create,
/// retrieve, list (newest first; <c>before_id</c> / <c>after_id</c> / <c>limit</c> 1–1000, default 20), cancel and
/// results. Requests run on the shared <see cref="BatchEngine"/> and are billed as provider anthropic, tier batch.
/// </summary>
internal sealed class MessageBatchesEndpoints(EmulatorState state)
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 1000;
    private const long RequestTooLargeStatus = StatusCodes.Status413PayloadTooLarge;

    public async Task CreateAsync(HttpContext context)
    {
        if (!await BeginAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var options = state.Options.Current;
        var cancellationToken = context.RequestAborted;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }

        if (context.Request.ContentLength > options.AnthropicBatchMaxBytes)
        {
            await AnthropicErrors.WriteAsync(
                context.Response, (int)RequestTooLargeStatus, "request_too_large",
                string.Create(CultureInfo.InvariantCulture, $"Request exceeds the maximum size of {options.AnthropicBatchMaxBytes} bytes for a Message Batch."),
                RequestId(context), cancellationToken).ConfigureAwait(false);
            return;
        }

        var body = await RequestBodyReader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<BatchRequest> requests;
        try
        {
            requests = body.LongLength > options.AnthropicBatchMaxBytes
                ? throw new AnthropicRequestException("Request exceeds the maximum size for a Message Batch.")
                : MessageBatchRequestParser.Parse(body, options.AnthropicBatchMaxRequests);
        }
        catch (AnthropicRequestException exception)
        {
            await AnthropicErrors.WriteInvalidRequestAsync(context.Response, exception.Message, RequestId(context), cancellationToken).ConfigureAwait(false);
            return;
        }

        var descriptor = new BatchDescriptor(
            EmulatorProviders.Anthropic, EmulatorRoutes.AnthropicMessages, InputFileId: null, "24h", new Dictionary<string, string>(), Validates: false);
        var batch = state.Batches.Create(EmulatorIds.NewMessageBatchId(), descriptor, requests, []);
        await WriteAsync(context, batch).ConfigureAwait(false);
    }

    public async Task GetAsync(HttpContext context)
    {
        if (await BeginAsync(context).ConfigureAwait(false) && await FindAsync(context, state.Batches.Get).ConfigureAwait(false) is { } batch)
        {
            await WriteAsync(context, batch).ConfigureAwait(false);
        }
    }

    public async Task CancelAsync(HttpContext context)
    {
        if (!await BeginAsync(context).ConfigureAwait(false) || await FindAsync(context, state.Batches.Cancel).ConfigureAwait(false) is not { } batch)
        {
            return;
        }

        if (batch.IsTerminal)
        {
            await AnthropicErrors.WriteInvalidRequestAsync(
                context.Response, $"Message batch {batch.Id} has already ended and cannot be canceled.", RequestId(context), context.RequestAborted)
                .ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, batch).ConfigureAwait(false);
    }

    public async Task GetResultsAsync(HttpContext context)
    {
        if (!await BeginAsync(context).ConfigureAwait(false) || await FindAsync(context, state.Batches.Get).ConfigureAwait(false) is not { } batch)
        {
            return;
        }

        if (!batch.IsTerminal)
        {
            await AnthropicErrors.WriteInvalidRequestAsync(
                context.Response, $"Message batch {batch.Id} is still processing; results are available once processing_status is 'ended'.",
                RequestId(context), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var content = MessageBatchResultsWriter.Write(batch);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-jsonl";
        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content, context.RequestAborted).ConfigureAwait(false);
    }

    public async Task ListAsync(HttpContext context)
    {
        if (!await BeginAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var query = context.Request.Query;
        var limitText = query["limit"].ToString();
        var limit = DefaultLimit;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            await AnthropicErrors.WriteInvalidRequestAsync(
                context.Response, string.Create(CultureInfo.InvariantCulture, $"limit: Input should be between 1 and {MaxLimit}"), RequestId(context),
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var batches = state.Batches.List(EmulatorProviders.Anthropic).ToList();
        var beforeId = query["before_id"].ToString();
        var afterId = query["after_id"].ToString();
        List<BatchSnapshot> page;
        bool hasMore;
        if (beforeId.Length > 0)
        {
            // The page immediately newer than before_id; "more" are the still newer ones.
            var end = Math.Max(0, batches.FindIndex(b => b.Id == beforeId));
            var start = Math.Max(0, end - limit);
            page = batches.GetRange(start, end - start);
            hasMore = start > 0;
        }
        else
        {
            var start = afterId.Length > 0 ? batches.FindIndex(b => b.Id == afterId) + 1 : 0;
            page = [.. batches.Skip(start).Take(limit)];
            hasMore = start + page.Count < batches.Count;
        }

        await JsonResponses.WriteAsync(
            context.Response, StatusCodes.Status200OK, w => MessageBatchWriter.WriteList(w, page, hasMore, BaseAddress(context)), context.RequestAborted)
            .ConfigureAwait(false);
    }

    // Marks the call as Anthropic's and checks the anthropic-version header every Anthropic request needs.
    private static Task<bool> BeginAsync(HttpContext context)
    {
        if (context.Features.Get<ModelCall>() is { } call)
        {
            call.Provider = EmulatorProviders.Anthropic;
        }

        return AnthropicVersionHeader.RequireAsync(context);
    }

    private static async Task<BatchSnapshot?> FindAsync(HttpContext context, Func<string, string, BatchSnapshot?> find)
    {
        var id = context.GetRouteValue("batchId") as string ?? string.Empty;
        if (find(id, EmulatorProviders.Anthropic) is { } batch)
        {
            return batch;
        }

        await AnthropicErrors.WriteAsync(
            context.Response, StatusCodes.Status404NotFound, AnthropicErrors.NotFoundError, $"Message batch {id} not found.", RequestId(context),
            context.RequestAborted).ConfigureAwait(false);
        return null;
    }

    private static Task WriteAsync(HttpContext context, BatchSnapshot batch) =>
        JsonResponses.WriteAsync(
            context.Response, StatusCodes.Status200OK, w => MessageBatchWriter.Write(w, batch, BaseAddress(context)), context.RequestAborted);

    private static Uri BaseAddress(HttpContext context) => new($"{context.Request.Scheme}://{context.Request.Host}/");

    private static string? RequestId(HttpContext context) => context.Features.Get<ModelCall>()?.RequestId;
}
