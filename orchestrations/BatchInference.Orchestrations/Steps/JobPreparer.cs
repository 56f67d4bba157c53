using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Settings;
using BatchInference.Jobs.Sharding;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Planning;
using BatchInference.Orchestrations.ResultCache;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Telemetry;
using BatchInference.Storage.Blobs;
using BatchInference.Orchestrations.Durable;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// Gets a job ready to run: waits for its sidecar, reads its settings, fixes its deadline, splits its input into shards
/// in one streaming pass and plans them, marking the job running (or finishing). It sends nothing: it says what comes
/// next (<see cref="JobPreparation"/>), which the <see cref="JobActivities.Prepare"/> activity hands to the job
/// orchestration. Run again after a crash, it finds the
/// job split already and names the unfinished shards again.
/// </summary>
internal sealed class JobPreparer(EngineContext context)
{
    private readonly WorkloadEstimator _estimator = new();
    private readonly SidecarGrace _sidecar = new(context);

    public async Task<JobPreparation> PrepareAsync(JobState state, CancellationToken cancellationToken)
    {
        switch (JobDecisions.OnStart(state))
        {
            case StartAction.Finish:
                return JobPreparation.Finish;
            case StartAction.HandOut:
                return JobDecisions.Next(state);
            case StartAction.Split:
                var wait = await _sidecar.RemainingAsync(state, cancellationToken).ConfigureAwait(false);
                if (wait > TimeSpan.Zero)
                {
                    return JobPreparation.WaitFor(wait);
                }

                break;
            default:
                return JobPreparation.None;
        }

        var jobLock = await context.TryLockJobAsync(state.JobId, cancellationToken).ConfigureAwait(false);
        if (jobLock is null)
        {
            return JobPreparation.WaitFor(context.Options.LeaseBusyRetry);
        }

        await using (jobLock.ConfigureAwait(false))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, jobLock.Lost);
            return JobDecisions.Next(await SplitAsync(state, linked.Token).ConfigureAwait(false));
        }
    }

    // Returns the job as it is afterwards: running (split), finishing (nothing to run or unreadable), or as found.
    private async Task<JobState> SplitAsync(JobState state, CancellationToken cancellationToken)
    {
        var jobId = state.JobId;
        var source = state.Source;
        var properties = await context.Blobs.GetPropertiesAsync(source.Container, source.Blob, cancellationToken).ConfigureAwait(false);
        if (properties is null)
        {
            return await FailAsync(jobId, $"The job's input {source} does not exist.", cancellationToken).ConfigureAwait(false);
        }

        if (source.ETag is { } etag && properties.ETag.ToString().Trim('"') != etag.Trim('"'))
        {
            return await FailAsync(jobId, $"The job's input {source} was replaced after it was submitted; submit the new version as a new job.", cancellationToken)
                .ConfigureAwait(false);
        }

        var (settings, sidecarETag) = await ReadSettingsAsync(state, properties, cancellationToken).ConfigureAwait(false);
        if (!settings.Succeeded)
        {
            return await FailAsync(jobId, settings.FailureReason!, cancellationToken).ConfigureAwait(false);
        }

        if (await Notifications.WebhookAcceptance.ProblemAsync(context, settings.Settings!.Webhooks, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return await FailAsync(jobId, refused, cancellationToken).ConfigureAwait(false);
        }

        var deadline = settings.Settings.ResolveDeadline(properties.LastModified);
        var configured = await context.Jobs.UpdateAsync(
            StorageLayout.JobState(jobId),
            s => JobDecisions.Configure(s, deadline, settings.Settings.BudgetUsd, settings.Settings.Tags, context.Now, sidecarETag) is { } c
                ? c with
                {
                    RunUnpriced = settings.Settings.UnknownModel == UnknownModelPolicy.RunUnpriced,
                    ExcludeUnpricedFromBudgets = settings.Settings.UnpricedBudget == UnpricedBudgetPolicy.Exclude,
                    CacheHints = settings.Settings.CacheHints == CacheHintsPolicy.Auto,
                    AllowedProviders = settings.Settings.AllowedProviders,
                    Webhooks = settings.Settings.Webhooks,
                    ResultCache = settings.Settings.ResultCache,
                    ResultCacheTtl = settings.Settings.ResultCacheTtl ?? JobSettings.DefaultResultCacheTtl,
                }
                : null,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (configured!.Value.Status != JobStatus.Pending)
        {
            return configured.Value;
        }

        // A sidecar uploaded between the read above and the write: its drop event may have found the job not yet
        // configured, so this look is what keeps it from being ignored.
        if (await _sidecar.ArrivedLateAsync(configured.Value, cancellationToken).ConfigureAwait(false))
        {
            return await FailAsync(jobId, SidecarGrace.LateReason(source, context.Options.SidecarGracePeriod), cancellationToken).ConfigureAwait(false);
        }

        Log.JobSplitting(context.Logger, jobId, source.ToString(), properties.ContentLength, deadline);
        ShardingResult result;
        var workloads = new List<ShardWorkload>();
        var download = await context.Blobs.DownloadAsync(source.Container, source.Blob, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (download.ConfigureAwait(false))
        {
            result = await JobSharder.SplitAsync(
                download.Content,
                new JsonlReaderOptions { MaxLineBytes = context.Options.MaxLineBytes },
                ShardLimitsFor(context),
                async (info, content, ct) =>
                {
                    if (await PublishShardAsync(configured.Value, info, content, ct).ConfigureAwait(false) is { } workload)
                    {
                        workloads.Add(workload);
                    }
                },
                context.Options.SpoolDirectory,
                cancellationToken).ConfigureAwait(false);
        }

        await PlanAsync(jobId, settings.Settings, deadline, workloads, cancellationToken).ConfigureAwait(false);
        var split = await context.Jobs.UpdateAsync(
            StorageLayout.JobState(jobId), s => JobDecisions.Split(s, result.Shards.Count, result.Lines, result.BytesRead, context.Now),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        Log.JobSplit(context.Logger, jobId, result.Lines, result.Shards.Count);
        EngineTelemetry.JobSplit(result.Lines, result.Shards.Count);
        return split!.Value;
    }

    // Stores the shard and returns what it asks of the providers (read from the spool file before it is uploaded): the
    // lines the result cache answered ask nothing, and a shard they answered whole is not planned at all.
    private async Task<ShardWorkload?> PublishShardAsync(JobState job, ShardInfo info, Stream content, CancellationToken cancellationToken)
    {
        var jobId = job.JobId;
        var cached = await new ResultCacheLookup(context, job).AnswerAsync(info.Index, content, cancellationToken).ConfigureAwait(false);
        var workload = new ShardWorkloadBuilder(info.Index, _estimator);
        var requests = 0;
        await foreach (var line in ShardEnvelopeReader.ReadAsync(content, cancellationToken).ConfigureAwait(false))
        {
            if (line.Line is RequestLine request && !cached.Contains(line.Sequence))
            {
                workload.Add(request);
                requests++;
            }
        }

        content.Position = 0;
        // Written again if a split is redone after a crash: same input, same shards, so overwriting is harmless.
        await context.Blobs.UploadAsync(
            StorageLayout.WorkContainer, StorageLayout.ShardInput(jobId, info.Index), content,
            new BlobUploadOptions { ContentType = "application/jsonl" }, cancellationToken).ConfigureAwait(false);
        var shard = new ShardState
        {
            JobId = jobId,
            Index = info.Index,
            FirstSequence = info.FirstSequence,
            LastSequence = info.LastSequence,
            Model = info.Group.Model,
            Url = info.Group.Url,
            LineCount = info.LineCount,
            FirstLineNumber = info.FirstLineNumber,
            LastLineNumber = info.LastLineNumber,
            Bytes = info.Bytes,
            UpdatedAt = context.Now,
        };
        await context.Shards.TryCreateAsync(StorageLayout.ShardState(jobId, info.Index), shard, cancellationToken).ConfigureAwait(false);
        return requests == 0 && cached.Count > 0 ? null : workload.Build();
    }

    // A shard is the unit that goes out as one provider batch, so no shard may exceed what the smallest batch API this
    // worker can use accepts (OpenAI 50,000 lines / 200 MB, Azure 100,000 / 200 MB, Anthropic 100,000 / 256 MB).
    internal static ShardLimits ShardLimitsFor(EngineContext context)
    {
        var batches = context.Providers.Names.Select(n => context.Providers.Find(n)!.Batch).OfType<Providers.Batches.IBatchProvider>().ToList();
        var lines = batches.Aggregate(context.Options.ShardMaxLines, (max, b) => Math.Min(max, b.MaxLines));
        var bytes = batches.Aggregate(context.Options.ShardMaxBytes, (max, b) => Math.Min(max, b.MaxBytes));
        return new ShardLimits(lines, bytes, context.Options.ShardMaxOpenSpools);
    }

    // Assigns every shard its tier and provider (the cheapest that still meets the deadline among the providers this
    // worker has) and keeps the plan as work/<jobId>/plan.json for status and for the record.
    private async Task PlanAsync(
        string jobId, JobSettings settings, DateTimeOffset deadline, IReadOnlyList<ShardWorkload> workloads, CancellationToken cancellationToken)
    {
        var configured = context.Providers.Names;
        var allowed = settings.AllowedProviders.Count == 0
            ? configured.ToList()
            : settings.AllowedProviders.Where(p => configured.Contains(p)).ToList();
        var history = await context.History.LoadAsync(context.ProviderUrls, context.Now, cancellationToken).ConfigureAwait(false);
        var plan = new Planner(context.Options.Planner).Plan(
            new PlanRequest(context.Now, deadline, settings with { AllowedProviders = allowed }, workloads, history), context.TierCatalog);
        foreach (var assignment in plan.Shards)
        {
            var usable = context.Providers.Find(assignment.Provider) is not null;
            await context.Shards.UpdateAsync(
                StorageLayout.ShardState(jobId, assignment.Shard),
                s => s with
                {
                    Tier = usable ? assignment.Tier : Tiers.Realtime,
                    Provider = usable ? assignment.Provider : null,
                    LastSafeMoment = usable ? assignment.LastSafeMoment : null,
                    UpdatedAt = context.Now,
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await context.Blobs.UploadAsync(
            StorageLayout.WorkContainer, StorageLayout.Plan(jobId), new BinaryData(PlanJson.ToBytes(plan, deadline)),
            new BlobUploadOptions { ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);
        var tiers = string.Join(", ", plan.Shards.GroupBy(a => $"{a.Tier}@{a.Provider}").Select(g => $"{g.Count()} {g.Key}"));
        Log.JobPlanned(context.Logger, jobId, plan.Shards.Count, deadline, plan.EstimatedCost, plan.AllRealtimeCost, tiers);
    }

    private async Task<JobState> FailAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        Log.JobRejected(context.Logger, jobId, reason);
        var failed = await context.Jobs.UpdateAsync(
            StorageLayout.JobState(jobId), s => JobDecisions.Fail(s, reason, shard: null, context.Now), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return failed!.Value;
    }

    // The settings, and the ETag of the sidecar they came from (null when none was read).
    private async Task<(JobSettingsResult Settings, string? SidecarETag)> ReadSettingsAsync(
        JobState state, BlobProperties properties, CancellationToken cancellationToken)
    {
        if (state.SettingsJson is { } given)
        {
            // A job message carries its settings: they replace any sidecar.
            return (JobSettingsParser.Parse(properties.Metadata, System.Text.Encoding.UTF8.GetBytes(given)), null);
        }

        var source = state.Source;
        var sidecar = await context.Blobs.TryDownloadContentAsync(source.Container, StorageLayout.Sidecar(source.Blob), cancellationToken)
            .ConfigureAwait(false);
        return sidecar is null
            ? (JobSettingsParser.Parse(properties.Metadata), null)
            : (JobSettingsParser.Parse(properties.Metadata, sidecar.Content.ToMemory().Span), sidecar.Properties.ETag.ToString().Trim('"'));
    }
}
