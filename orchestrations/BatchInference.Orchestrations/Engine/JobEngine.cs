using System.Globalization;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Steps;
using BatchInference.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Orchestrations.Engine;

/// <summary>
/// The job engine: a checkpointed state machine over blob storage, run by Durable Task orchestrations (see
/// docs/durable.md). A submit starts the <see cref="EngineOrchestrations.Job"/> orchestration (instance id = job id),
/// which splits the job into shards, runs them with checkpoints, and merges and publishes the results; a cancel and a
/// sidecar's arrival are raised as events, and the status includes the orchestration's progress. The orchestrators
/// and activities are registered from <see cref="EngineDurableTasks"/>; any number of workers, in any number of
/// processes, may share one storage account and task hub.
/// </summary>
public sealed partial class JobEngine
{
    private readonly EngineContext _context;
    private readonly JobOrchestrationClient _orchestrations;

    /// <summary>Creates the engine on Durable Task: jobs are started and signalled through <paramref name="orchestrations"/>.</summary>
    /// <param name="blobs">The storage account's blobs.</param>
    /// <param name="orchestrations">A client of the task hub whose workers run <see cref="EngineDurableTasks"/>.</param>
    /// <param name="providers">Every provider this worker can send to; must include <see cref="EngineOptions.Provider"/>.</param>
    /// <param name="catalog">Prices, limits and completion times: for the planner and the ledger.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="options">Engine settings; validated here.</param>
    /// <param name="logger">Log sink.</param>
    public JobEngine(
        IBlobStore blobs, DurableTaskClient orchestrations, ProviderSet providers, PriceCatalog catalog, TimeProvider timeProvider,
        EngineOptions? options = null, ILogger<JobEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(orchestrations);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new EngineOptions();
        options.Validate();
        if (providers.Find(options.Provider) is null)
        {
            throw new ArgumentException(
                $"Engine:Provider is '{options.Provider}', but no provider by that name is configured (configured: {string.Join(", ", providers.Names)}).",
                nameof(providers));
        }

        _context = new EngineContext(blobs, providers, catalog, timeProvider, options, logger ?? (ILogger)NullLogger.Instance)
        {
            Orchestrations = orchestrations,
        };
        _orchestrations = new JobOrchestrationClient(orchestrations);
    }

    /// <summary>What the engine's steps and activities work with.</summary>
    internal EngineContext Context => _context;

    /// <summary>Creates the containers the pipeline uses, if missing (the task hub creates its own).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the containers exist.</returns>
    public async Task EnsureContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (var container in StorageLayout.Containers)
        {
            await _context.Blobs.CreateContainerIfNotExistsAsync(container, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Submits the job held in a blob: records it as pending and starts its orchestration. The job id is derived from
    /// the blob's path and ETag, so submitting the same version twice names the same job and runs it once.
    /// </summary>
    /// <param name="container">Container of the input, normally <c>jobs</c>.</param>
    /// <param name="blobName">Input blob; settings come from its metadata and its <c>.job.json</c> sidecar.</param>
    /// <param name="cancellationToken">Stops waiting; the job may still have been submitted.</param>
    /// <returns>The job id.</returns>
    /// <exception cref="FileNotFoundException">The input blob does not exist.</exception>
    public async Task<string> SubmitAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        var properties = await _context.Blobs.GetPropertiesAsync(container, blobName, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"Job input {container}/{blobName} does not exist.");
        var etag = properties.ETag.ToString().Trim('"');
        var jobId = JobId.ForBlob(container, blobName, etag);
        var source = new JobSource(container, blobName, etag);
        await StartAsync(JobDecisions.Submitted(jobId, source, properties.LastModified), cancellationToken).ConfigureAwait(false);
        return jobId;
    }

    /// <summary>
    /// Submits a job a job message started: its id comes from <paramref name="messageId"/> alone (a redelivered or
    /// re-sent message finds the job it already started), its input is pinned to the blob's current version, and its
    /// settings are the message's (<paramref name="settingsJson"/>, sidecar format) instead of a sidecar file.
    /// </summary>
    /// <param name="messageId">The message's <c>message_id</c>.</param>
    /// <param name="container">Container of the input.</param>
    /// <param name="blobName">Input blob.</param>
    /// <param name="settingsJson">The message's settings as a JSON object, or null for none.</param>
    /// <param name="apiBatchId">The OpenAI-compatible API's batch id when the job is such a batch (its webhooks may then
    /// hear <c>batch.*</c> events); null otherwise.</param>
    /// <param name="cancellationToken">Stops waiting; the job may still have been submitted.</param>
    /// <returns>The job id.</returns>
    /// <exception cref="FileNotFoundException">The input blob does not exist.</exception>
    public async Task<string> SubmitMessageAsync(
        string messageId, string container, string blobName, string? settingsJson, string? apiBatchId = null, CancellationToken cancellationToken = default)
    {
        var properties = await _context.Blobs.GetPropertiesAsync(container, blobName, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"Job input {container}/{blobName} does not exist.");
        var etag = properties.ETag.ToString().Trim('"');
        var jobId = JobId.ForMessage(messageId);
        var source = new JobSource(container, blobName, etag);
        await StartAsync(JobDecisions.Submitted(jobId, source, _context.Now, settingsJson, apiBatchId), cancellationToken).ConfigureAwait(false);
        return jobId;
    }

    // Creates the job (or finds it) and starts its orchestration.
    private async Task StartAsync(JobState submitted, CancellationToken cancellationToken)
    {
        var name = StorageLayout.JobState(submitted.JobId);
        var created = await _context.Jobs.TryCreateAsync(name, submitted, cancellationToken).ConfigureAwait(false);
        await StartOrchestrationAsync(created?.Value ?? (await _context.Jobs.ReadAsync(name, cancellationToken).ConfigureAwait(false))?.Value, cancellationToken)
            .ConfigureAwait(false);
    }

    // On Durable Task the job's instance id is its id: whoever starts it first wins, every later submit finds it.
    private async Task StartOrchestrationAsync(JobState? job, CancellationToken cancellationToken)
    {
        if (job is null || job.Status.IsTerminal())
        {
            return;
        }

        if (await _orchestrations.StartAsync(job.JobId, cancellationToken).ConfigureAwait(false))
        {
            Log.JobSubmitted(_context.Logger, job.JobId, job.Source.ToString());
        }
    }

    /// <summary>
    /// Cancels a job: no new lines start, lines in flight finish, and the job ends <c>cancelled</c> with everything done
    /// so far in its results. Returns the job's state afterwards, or null when there is no such job.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Stops waiting; the cancel may still have been recorded.</param>
    /// <returns>The state.</returns>
    public async Task<JobState?> CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var state = await _context.Jobs.UpdateAsync(
            StorageLayout.JobState(jobId), s => JobDecisions.Cancel(s, _context.Now), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (state is not null && !state.Value.Status.IsTerminal())
        {
            // Recorded above so the shards see it at once; the event makes the orchestration forward it and finish.
            await _orchestrations.RaiseAsync(jobId, JobEvents.Cancel, cancellationToken).ConfigureAwait(false);
        }

        if (state is not null)
        {
            Log.JobCancelRequested(_context.Logger, jobId);
        }

        return state?.Value;
    }

    /// <summary>
    /// Handles a <c>.job.json</c> sidecar that was just written next to an input: when the input's job has already read
    /// its settings without this sidecar version, the job is failed with a reason saying so (its lines stop starting),
    /// because running on would silently ignore the sidecar's settings, a budget among them. Before the job reads its
    /// settings nothing needs doing: it reads the sidecar then. Returns the failed job, or null when nothing changed.
    /// </summary>
    /// <param name="container">Container of the sidecar and its input.</param>
    /// <param name="sidecarBlob">The sidecar, <c>x.job.json</c> next to the input <c>x.jsonl</c> (or <c>x</c>).</param>
    /// <param name="cancellationToken">Stops waiting; the job may still have been failed.</param>
    /// <returns>The job's state after it was failed, or null.</returns>
    public async Task<JobState?> SidecarArrivedAsync(string container, string sidecarBlob, CancellationToken cancellationToken = default)
    {
        var stem = sidecarBlob.EndsWith(".job.json", StringComparison.OrdinalIgnoreCase) ? sidecarBlob[..^".job.json".Length] : null;
        string[] inputs = stem is null ? [] : [stem + ".jsonl", stem];
        foreach (var input in inputs)
        {
            var properties = await _context.Blobs.GetPropertiesAsync(container, input, cancellationToken).ConfigureAwait(false);
            if (properties is null)
            {
                continue;
            }

            var jobId = JobId.ForBlob(container, input, properties.ETag.ToString().Trim('"'));
            var state = await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (state is { Status: JobStatus.Pending })
            {
                // A job waiting for its sidecar prepares again now instead of at its next timer.
                await _orchestrations.RaiseAsync(jobId, JobEvents.SidecarArrived, cancellationToken).ConfigureAwait(false);
            }

            if (state is null || state.Status.IsTerminal() || !await new SidecarGrace(_context).ArrivedLateAsync(state, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            Log.SidecarTooLate(_context.Logger, jobId, sidecarBlob);
            var reason = SidecarGrace.LateReason(state.Source, _context.Options.SidecarGracePeriod);
            var failed = await _context.Jobs.UpdateAsync(
                StorageLayout.JobState(jobId), s => JobDecisions.Fail(s, reason, shard: null, _context.Now), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return failed?.Value;
        }

        return null;
    }

    private static long? ParseLong(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
