using System.CommandLine;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Views;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Planning;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi plan FILE [--deadline 6h|ISO] [--tier-policy P] [--providers A,B] [--regions R] [--budget USD] [--catalog PATH]
/// [--format table|json]</c>: splits the file locally into the shards the engine would make, and shows which tier and
/// provider each would run on, what that costs against running everything in real time, and whether the deadline holds —
/// before anything is uploaded or spent. Exit code: 0 the plan meets the deadline, 2 it cannot (or a usage error).
/// </summary>
internal static class PlanCommand
{
    /// <summary>The exit code when the deadline cannot be met (the usage-error code too).</summary>
    public const int DeadlineCannotBeMet = 2;

    public static Command Create(IConfiguration configuration)
    {
        var file = new Argument<FileInfo>("file") { Description = "JSONL file in the OpenAI batch input format." };
        var deadline = new Option<string?>("--deadline") { Description = "A window from now (30m, 6h, 2d) or an ISO-8601 time with offset; default 24h." };
        var tierPolicy = new Option<string?>("--tier-policy") { Description = "auto (default), realtime, batch, flex or spot." };
        var providers = new Option<string?>("--providers")
        {
            Description = "Providers the job may use, comma-separated (default: the providers configured under Providers:*, as a worker would have them).",
        };
        var regions = new Option<string?>("--regions") { Description = "Regions the job's data may be processed in, comma-separated (default: any)." };
        var budget = new Option<decimal?>("--budget") { Description = "Budget in USD; the plan notes when its estimate is over it." };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "Tier catalog file (default: Pricing:CatalogPath, else the built-in catalog)." };
        var format = new Option<PlanFormat>("--format") { Description = "table (default) or json.", DefaultValueFactory = _ => PlanFormat.Table };
        var command = new Command("plan", "Show where each shard of a JSONL file would run, its cost and finish against the deadline; nothing is sent.")
        {
            file, deadline, tierPolicy, providers, regions, budget, catalog, format,
        };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                throw new UsageException($"Input file {input.FullName} does not exist.");
            }

            var allowed = parse.GetValue(providers) ?? string.Join(',', ProviderSets.ReadOptions(configuration).Select(o => o.Name));
            var settings = Settings(parse.GetValue(deadline), parse.GetValue(tierPolicy), allowed, parse.GetValue(regions), parse.GetValue(budget));
            var prices = CatalogSource.Resolve(parse.GetValue(catalog), configuration).Catalog;
            var engine = ConfigurationSections.Bind(configuration, EngineOptions.SectionName, new EngineOptions());
            var (workloads, invalid) = await PlanInput.SplitAsync(input, engine, cancellationToken);
            var now = TimeProvider.System.GetUtcNow();
            string completionSource;
            JobPlan plan;
            PlanRequest request;
            try
            {
                engine.Planner.Validate();
                engine.History.Validate();
                var history = await PlanHistory.LoadAsync(configuration, engine, now, cancellationToken);
                request = new PlanRequest(now, settings.ResolveDeadline(now), settings, workloads, history.History);
                completionSource = history.Source;
                plan = new Planner(engine.Planner).Plan(request, new TierCatalog(prices));
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new UsageException(ex.Message, ex);
            }

            var report = new PlanReport(input.Name, prices.Version, prices.Currency, request, plan, invalid, completionSource);
            if (parse.GetValue(format) == PlanFormat.Json)
            {
                // The engine's plan.json format, so a script reads a planned and a running job the same way.
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(PlanJson.ToBytes(plan, request.Deadline), cancellationToken);
                await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
            }
            else
            {
                PlanView.Write(Consoles.Out, report);
            }

            return plan.Feasible ? ExitCodes.Ok : DeadlineCannotBeMet;
        }));
        return command;
    }

    /// <summary>The job settings the flags describe, checked by the same parser as a job's metadata.</summary>
    /// <exception cref="UsageException">A flag's value is invalid; the message names the flag.</exception>
    public static JobSettings Settings(string? deadline, string? tierPolicy, string? providers, string? regions, decimal? budget)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        void Set(string key, string flag, string? value)
        {
            if (value is not null)
            {
                metadata[key] = value;
                flags[key] = flag;
            }
        }

        // An ISO time has a date ("2026-11-23T06:00Z"); a window is a number and a unit ("6h").
        Set(deadline is not null && deadline.Contains('-', StringComparison.Ordinal) ? "deadline" : "completion_window", "--deadline", deadline);
        Set("tier_policy", "--tier-policy", tierPolicy);
        Set("allowed_providers", "--providers", providers);
        Set("allowed_regions", "--regions", regions);
        Set("budget_usd", "--budget", budget?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = JobSettingsParser.Parse(metadata);
        if (!result.Succeeded)
        {
            throw new UsageException(string.Join(" ", result.Errors.Select(e => $"{flags.GetValueOrDefault(e.Field, e.Field)}: {e.Message}")));
        }

        return result.Settings!;
    }
}
