using System.Runtime.CompilerServices;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Settings;
using BatchInference.Jobs.Summary;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Results;
using BatchInference.Providers.Realtime;
using BatchInference.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Orchestrations.Jobs;

/// <summary>
/// Runs one job from an input blob to its results: reads and validates the JSONL as a stream, sends runnable lines in
/// real time, and publishes <c>output.jsonl</c>, <c>errors.jsonl</c>, the ledger, the spend report and finally
/// <c>summary.json</c>. A job whose summary exists is not run again. Checkpointing, shards and crash-resume come with
/// the job engine; until then a crash mid-job re-runs the job from the start.
/// </summary>
public sealed class JobRunner
{
    private readonly IBlobStore _blobs;
    private readonly RealtimeClient _client;
    private readonly PriceCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly JobRunnerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a runner over the given storage, provider client and price catalog.</summary>
    public JobRunner(
        IBlobStore blobs, RealtimeClient client, PriceCatalog catalog, TimeProvider timeProvider,
        JobRunnerOptions? options = null, ILogger<JobRunner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _blobs = blobs;
        _client = client;
        _catalog = catalog;
        _time = timeProvider;
        _options = options ?? new JobRunnerOptions();
        _options.Validate();
        _logger = logger ?? NullLogger<JobRunner>.Instance;
    }

    /// <summary>Creates the containers the pipeline uses, if missing.</summary>
    public async Task EnsureContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (var container in StorageLayout.Containers)
        {
            await _blobs.CreateContainerIfNotExistsAsync(container, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the job held in <paramref name="container"/>/<paramref name="blobName"/> and returns its summary.</summary>
    /// <param name="container">Container of the input, normally <c>jobs</c>.</param>
    /// <param name="blobName">Input blob, e.g. <c>incoming/x.jsonl</c>; settings come from its metadata and <c>x.job.json</c>.</param>
    /// <param name="progress">Receives progress as results are written.</param>
    /// <param name="cancellationToken">
    /// Stops reading input and sending requests; requests in flight are abandoned and nothing is published, so the job
    /// can be run again.
    /// </param>
    /// <exception cref="FileNotFoundException">The input blob does not exist.</exception>
    public async Task<JobSummary> RunAsync(
        string container, string blobName, IProgress<JobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var properties = await _blobs.GetPropertiesAsync(container, blobName, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"Job input {container}/{blobName} does not exist.");
        var jobId = JobId.ForBlob(container, blobName, properties.ETag.ToString());
        var publisher = new JobPublisher(_blobs, jobId, _logger);
        var source = $"{container}/{blobName}";
        var (claim, finished) = await ClaimAsync(publisher, jobId, source, cancellationToken).ConfigureAwait(false);
        if (finished is not null)
        {
            Log.JobAlreadyFinished(_logger, jobId);
            return finished;
        }

        await using var claimScope = claim!.ConfigureAwait(false);
        var settings = await ReadSettingsAsync(container, blobName, properties, cancellationToken).ConfigureAwait(false);
        var deadline = (settings.Settings ?? JobSettings.Default).ResolveDeadline(properties.LastModified);
        var summary = new JobSummary
        {
            JobId = jobId,
            Status = JobSummaryStatus.Failed,
            CreatedAt = properties.LastModified,
            Deadline = deadline,
            Source = source,
        };
        if (!settings.Succeeded)
        {
            Log.JobRejected(_logger, jobId, settings.FailureReason!);
            return await publisher.PublishSummaryAsync(summary with { FailureReason = settings.FailureReason, FinishedAt = _time.GetUtcNow() }, cancellationToken)
                .ConfigureAwait(false);
        }

        summary = summary with { StartedAt = _time.GetUtcNow() };
        Log.JobStarted(_logger, jobId, container, blobName, properties.ContentLength, deadline);
        using var spool = new JobSpool(_options.SpoolDirectory, jobId);
        var totals = await ExecuteAsync(jobId, container, blobName, properties.ContentLength, settings.Settings!, spool, progress, cancellationToken)
            .ConfigureAwait(false);

        await publisher.PublishResultsAsync(spool, totals, cancellationToken).ConfigureAwait(false);
        var finishedAt = _time.GetUtcNow();
        var failure = totals.Done == 0 ? "The input has no request lines."
            : totals.Succeeded + totals.Failed == 0 ? $"No line could run: all {totals.Invalid} lines are invalid (see errors.jsonl)."
            : null;
        summary = summary with
        {
            Status = JobSummary.StatusFor(totals.Counts, failure),
            FailureReason = failure,
            FinishedAt = finishedAt,
            StartedAt = totals.Succeeded + totals.Failed == 0 ? null : summary.StartedAt,
            DeadlineMet = finishedAt <= deadline,
            Counts = totals.Counts,
            Tokens = totals.Tokens,
            Cost = totals.Cost,
            Tiers = totals.Tiers,
            Models = totals.Models,
        };
        summary = await publisher.PublishSummaryAsync(summary, cancellationToken).ConfigureAwait(false);
        Log.JobFinished(_logger, jobId, summary.Status.ToString(), totals.Succeeded, totals.Failed, totals.Invalid, totals.EffectiveCost, _catalog.Currency);
        return summary;
    }

    // Either the job's claim (run it) or its published summary (someone finished it); waits while another runner holds it.
    private async Task<(JobClaim? Claim, JobSummary? Finished)> ClaimAsync(
        JobPublisher publisher, string jobId, string source, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await publisher.TryReadSummaryAsync(cancellationToken).ConfigureAwait(false) is { } finished)
            {
                return (null, finished);
            }

            var claim = await JobClaim.TryAcquireAsync(_blobs, jobId, source, _time, cancellationToken).ConfigureAwait(false);
            if (claim is not null)
            {
                try
                {
                    // The previous holder may have finished between the summary read and the claim.
                    if (await publisher.TryReadSummaryAsync(cancellationToken).ConfigureAwait(false) is { } done)
                    {
                        await claim.DisposeAsync().ConfigureAwait(false);
                        return (null, done);
                    }
                }
                catch
                {
                    await claim.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                return (claim, null);
            }

            Log.JobClaimedElsewhere(_logger, jobId);
            await Task.Delay(_options.ClaimPollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<JobSettingsResult> ReadSettingsAsync(
        string container, string blobName, BlobProperties properties, CancellationToken cancellationToken)
    {
        var sidecar = await _blobs.TryDownloadContentAsync(container, StorageLayout.Sidecar(blobName), cancellationToken).ConfigureAwait(false);
        return sidecar is null
            ? JobSettingsParser.Parse(properties.Metadata)
            : JobSettingsParser.Parse(properties.Metadata, sidecar.Content.ToMemory().Span);
    }

    private async Task<JobTotals> ExecuteAsync(
        string jobId, string container, string blobName, long totalBytes, JobSettings settings, JobSpool spool,
        IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        var stats = new JsonlReaderStats();
        var sink = new JobResultSink(jobId, _options.Provider, settings.Tags, _catalog, spool.Output, spool.Errors, spool.Ledger);
        await using var sinkScope = sink.ConfigureAwait(false);
        var download = await _blobs.DownloadAsync(container, blobName, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (download.ConfigureAwait(false))
        {
            var lines = JsonlRequestReader.ReadAsync(
                download.Content, stats, new JsonlReaderOptions { MaxLineBytes = _options.MaxLineBytes }, cancellationToken);
            var inFlight = new InFlightLines();
            var requests = RunnableRequestsAsync(jobId, lines, settings, sink, inFlight, cancellationToken);
            await new RealtimeExecutor(_client).RunAsync(
                requests,
                async (outcome, ct) =>
                {
                    var (sequence, line, model) = inFlight.Complete(outcome.CustomId);
                    var totals = await sink.AcceptAsync(new AnsweredLine(sequence, line, model, outcome), ct).ConfigureAwait(false);
                    Report(progress, jobId, stats, totalBytes, totals);
                },
                cancellationToken).ConfigureAwait(false);
        }

        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        Report(progress, jobId, stats, totalBytes, sink.Totals);
        return sink.Totals;
    }

    // Turns input lines into provider requests; lines that cannot run go straight to the sink as errors.
    private async IAsyncEnumerable<RealtimeRequest> RunnableRequestsAsync(
        string jobId, IAsyncEnumerable<JobLine> lines, JobSettings settings, JobResultSink sink, InFlightLines inFlight,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long sequence = 0;
        var budgetLogged = false;
        await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var current = sequence++;
            var rejection = line switch
            {
                InvalidLine invalid => new RejectedLine(current, invalid.LineNumber, invalid.CustomId, invalid.Code, invalid.Message),
                RequestLine request when !_catalog.TryGetPrice(_options.Provider, request.Model, "realtime", out _) =>
                    new RejectedLine(current, request.LineNumber, request.CustomId, "model_not_in_catalog",
                        $"Model '{request.Model}' has no real-time price for provider '{_options.Provider}' in the price catalog, so its cost could not be accounted for."),
                RequestLine request when settings.BudgetUsd is { } budget && sink.EffectiveCostSoFar >= budget =>
                    new RejectedLine(current, request.LineNumber, request.CustomId, "budget_exceeded",
                        $"The job's budget of {budget} USD was spent before this line was sent."),
                _ => null,
            };

            if (rejection is not null)
            {
                if (rejection.Code == "budget_exceeded" && !budgetLogged)
                {
                    budgetLogged = true;
                    Log.BudgetReached(_logger, jobId, settings.BudgetUsd!.Value);
                }

                await sink.AcceptAsync(rejection, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var runnable = (RequestLine)line;
            inFlight.Start(runnable.CustomId, current, runnable.LineNumber, runnable.Model);
            yield return new RealtimeRequest(runnable.CustomId, runnable.Url, runnable.Model, runnable.Body, $"{jobId}:{runnable.CustomId}");
        }
    }

    private static void Report(IProgress<JobProgress>? progress, string jobId, JsonlReaderStats stats, long totalBytes, JobTotals t) =>
        progress?.Report(new JobProgress(
            jobId, stats.BytesRead, totalBytes, t.Done, t.Succeeded, t.Failed, t.Invalid, t.PaidAttempts, t.Attempts,
            t.InputTokens, t.OutputTokens, t.EffectiveCost));
}
