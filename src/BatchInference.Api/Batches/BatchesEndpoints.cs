using System.Text.Json.Nodes;
using BatchInference.Api.Auth;
using BatchInference.Api.Errors;
using BatchInference.Api.Files;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Messages;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Api.Batches;

/// <summary>OpenAI's <c>/v1/batches</c> endpoints: a batch is a job of the engine, started as a job message would start it.</summary>
internal sealed class BatchesEndpoints(JobEngine engine, BatchStore batches, FileStore files, BatchReader reader, TimeProvider time)
{
    /// <summary><c>POST /v1/batches</c>: <c>input_file_id</c>, <c>endpoint</c>, <c>completion_window</c>, <c>metadata</c>.</summary>
    public async Task<IResult> CreateAsync(ApiCaller caller, HttpRequest request, CancellationToken cancellationToken)
    {
        var create = await BatchRequest.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (create.Error is { } refused)
        {
            return refused;
        }

        var (inputFileId, endpoint, window, metadata) = create.Value!;
        if (!JsonlReaderOptions.DefaultSupportedUrls.Contains(endpoint))
        {
            return ApiErrors.Invalid(
                $"'{endpoint}' is not a supported endpoint; use one of {string.Join(", ", JsonlReaderOptions.DefaultSupportedUrls.Order(StringComparer.Ordinal))}.", "endpoint");
        }

        var file = ApiIds.IsUploadId(inputFileId) ? await files.GetAsync(caller.Team, inputFileId, cancellationToken).ConfigureAwait(false) : null;
        if (file is null)
        {
            return ApiErrors.NotFound($"No such File object: {inputFileId}", "input_file_id");
        }

        var (settingsJson, settingsError, param) = BatchMetadata.ToSettings(window, metadata, caller);
        if (settingsError is not null)
        {
            return ApiErrors.Invalid(settingsError, param);
        }

        var settings = JobSettingsParser.Parse(null, settingsJson);
        if (!settings.Succeeded)
        {
            return ApiErrors.Invalid(
                string.Join(" ", settings.Errors.Select(e => $"{NameOf(e.Field)}: {e.Message}")), ParamOf(settings.Errors[0].Field));
        }

        var now = time.GetUtcNow();
        var messageId = $"api:{caller.Team}:{Guid.NewGuid():N}";
        var jobId = JobMessageJobId.For(messageId);
        var record = new BatchRecord
        {
            BatchId = ApiIds.BatchId(jobId),
            InputFileId = inputFileId,
            Endpoint = endpoint,
            CompletionWindow = window,
            Metadata = metadata,
            CreatedAt = now.ToUnixTimeSeconds(),
            CreatedTicks = now.UtcTicks,
            ExpiresAt = settings.Settings!.ResolveDeadline(now).ToUnixTimeSeconds(),
        };

        var mismatched = metadata.GetValueOrDefault(BatchMetadata.MixedEndpoints) == "true" ? [] : await CheckUrlsAsync(file, endpoint, cancellationToken).ConfigureAwait(false);
        if (mismatched is null)
        {
            return FilesEndpoints.NoSuchFile(inputFileId);
        }

        if (mismatched.Count > 0)
        {
            // OpenAI's way: the batch exists, failed in validation, with the reasons in `errors`; no job, nothing spent.
            record = record with { Errors = mismatched, FailedAt = now.ToUnixTimeSeconds() };
            await batches.CreateAsync(caller.Team, record, cancellationToken).ConfigureAwait(false);
            return ApiJson.Ok((await reader.ReadAsync(record, cancellationToken).ConfigureAwait(false)).ToJson());
        }

        // The record first, naming the job its message id will start: a job is never started that no batch shows.
        record = record with { JobId = jobId };
        await batches.CreateAsync(caller.Team, record, cancellationToken).ConfigureAwait(false);
        var started = await engine.SubmitMessageAsync(
            messageId, file.Container, file.Blob, System.Text.Encoding.UTF8.GetString(settingsJson!), record.BatchId, cancellationToken).ConfigureAwait(false);
        if (started != jobId)
        {
            throw new InvalidOperationException($"The engine started {started} for message {messageId}, not {jobId}.");
        }

        return ApiJson.Ok((await reader.ReadAsync(record, cancellationToken).ConfigureAwait(false)).ToJson());
    }

    /// <summary><c>GET /v1/batches/{id}</c>.</summary>
    public async Task<IResult> GetAsync(ApiCaller caller, string batchId, CancellationToken cancellationToken)
    {
        var record = ApiIds.JobOf(batchId) is null ? null : await batches.GetAsync(caller.Team, batchId, cancellationToken).ConfigureAwait(false);
        return record is null ? NoSuchBatch(batchId) : ApiJson.Ok((await reader.ReadAsync(record, cancellationToken).ConfigureAwait(false)).ToJson());
    }

    /// <summary><c>GET /v1/batches</c>: newest first, <c>after</c> and <c>limit</c> (1-100, default 20).</summary>
    public async Task<IResult> ListAsync(ApiCaller caller, HttpRequest request, CancellationToken cancellationToken)
    {
        if (Paging.Read(request, defaultLimit: 20, maxLimit: 100) is not { } paging)
        {
            return ApiErrors.Invalid("limit must be a whole number from 1 to 100.", "limit");
        }

        var (page, hasMore) = paging.Apply(await batches.ListIdsAsync(caller.Team, cancellationToken).ConfigureAwait(false), id => id);
        var items = new List<JsonObject>(page.Count);
        foreach (var id in page)
        {
            if (await batches.GetAsync(caller.Team, id, cancellationToken).ConfigureAwait(false) is { } record)
            {
                items.Add((await reader.ReadAsync(record, cancellationToken).ConfigureAwait(false)).ToJson());
            }
        }

        return ApiJson.Ok(ApiJson.List(items, hasMore));
    }

    /// <summary><c>POST /v1/batches/{id}/cancel</c>: no new lines start, lines in flight finish; the batch is
    /// <c>cancelling</c>, then <c>cancelled</c> with what was done in its output file.</summary>
    public async Task<IResult> CancelAsync(ApiCaller caller, string batchId, CancellationToken cancellationToken)
    {
        var record = ApiIds.JobOf(batchId) is null ? null : await batches.GetAsync(caller.Team, batchId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return NoSuchBatch(batchId);
        }

        var job = record.JobId is null ? null : await engine.GetJobAsync(record.JobId, cancellationToken).ConfigureAwait(false);
        if (record.JobId is not { } jobId || job is null || job.Status.IsTerminal())
        {
            var status = BatchStatuses.Of(record, job, null);
            return ApiErrors.Conflict($"Cannot cancel a batch with status '{status}'.");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        record = await batches.UpdateAsync(caller.Team, batchId, r => r.CancellingAt is null ? r with { CancellingAt = now } : r, cancellationToken)
            .ConfigureAwait(false) ?? record;
        await engine.CancelAsync(jobId, cancellationToken).ConfigureAwait(false);
        return ApiJson.Ok((await reader.ReadAsync(record, cancellationToken).ConfigureAwait(false)).ToJson());
    }

    private static IResult NoSuchBatch(string batchId) => ApiErrors.NotFound($"No such Batch object: {batchId}");

    private static string ParamOf(string settingField) => settingField == "completion_window" ? "completion_window" : "metadata";

    // The request field a job setting came from: completion_window, or the metadata key that set it.
    private static string NameOf(string settingField) => settingField switch
    {
        "completion_window" => "completion_window",
        "deadline" => "metadata." + BatchMetadata.Deadline,
        "budget_usd" => "metadata." + BatchMetadata.BudgetUsd,
        "tier_policy" => "metadata." + BatchMetadata.TierPolicy,
        "result_cache" => "metadata." + BatchMetadata.ResultCache,
        "result_cache_ttl" => "metadata." + BatchMetadata.ResultCacheTtl,
        _ when settingField.EndsWith(".events", StringComparison.Ordinal) => "metadata." + BatchMetadata.WebhookEvents,
        _ when settingField.StartsWith("notify", StringComparison.Ordinal) => "metadata." + BatchMetadata.WebhookUrl,
        _ => "metadata." + BatchMetadata.Tags,
    };

    // The url check reads the file once; null when it is gone.
    private async Task<IReadOnlyList<BatchError>?> CheckUrlsAsync(ApiFile file, string endpoint, CancellationToken cancellationToken)
    {
        var download = await files.OpenAsync(file, cancellationToken).ConfigureAwait(false);
        if (download is null)
        {
            return null;
        }

        await using var closing = download.ConfigureAwait(false);
        return await InputCheck.MismatchedUrlsAsync(download.Content, endpoint, cancellationToken).ConfigureAwait(false);
    }
}
