using System.Globalization;
using BatchInference.Cli.Commands;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Planning;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Composition;

/// <summary>
/// Refuses a deadline no plan can meet before the job is uploaded: the planner that <c>bi plan</c> and the engine use
/// plans the file (split locally as the engine would) against the catalog and providers of the configuration the
/// job will run with. A job whose deadline only real time can meet passes; one too close even for real time does not.
/// </summary>
internal static class DeadlineCheck
{
    /// <param name="input">The job's JSONL file.</param>
    /// <param name="settings">The job's settings; its deadline is resolved at <paramref name="now"/>.</param>
    /// <param name="configuration">The settings the job runs with (catalog, providers, <c>Engine:*</c>).</param>
    /// <param name="now">The submission time.</param>
    /// <param name="cancellationToken">Stops the split.</param>
    /// <exception cref="UsageException">The deadline cannot be met, or a planning setting is invalid.</exception>
    public static async Task RequireReachableAsync(
        FileInfo input, JobSettings settings, IConfiguration configuration, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var engine = ConfigurationSections.Bind(configuration, EngineOptions.SectionName, new EngineOptions());
        var prices = CatalogSource.Resolve(null, configuration).Catalog;
        if (settings.AllowedProviders.Count == 0)
        {
            // As a worker would have them: the configured providers.
            settings = settings with { AllowedProviders = [.. ProviderSets.ReadOptions(configuration).Select(o => o.Name)] };
        }

        JobPlan plan;
        var deadline = settings.ResolveDeadline(now);
        try
        {
            engine.Planner.Validate();
            var (workloads, _) = await PlanInput.SplitAsync(input, engine, cancellationToken);
            plan = new Planner(engine.Planner).Plan(new PlanRequest(now, deadline, settings, workloads), new TierCatalog(prices));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new UsageException(ex.Message, ex);
        }

        // Only time is judged here: a shard no provider serves (an unknown model) is the engine's to report per line.
        var late = plan.Shards.Where(s => s.Provider != ShardAssignment.NoProvider && s.EstimatedFinish > deadline).ToList();
        if (late.Count > 0)
        {
            var finish = late.Max(s => s.EstimatedFinish);
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"The deadline {deadline:yyyy-MM-dd'T'HH:mm:ss'Z'} cannot be met: even the fastest plan finishes at {finish:yyyy-MM-dd'T'HH:mm:ss'Z'}. Give a later deadline (bi plan {input.Name} --deadline … shows the estimate)."));
        }
    }
}
