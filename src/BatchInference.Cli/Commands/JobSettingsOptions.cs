using System.CommandLine;
using System.Globalization;
using BatchInference.Cli.Composition;
using BatchInference.Jobs.Settings;

namespace BatchInference.Cli.Commands;

/// <summary>The job-settings flags of <c>bi run</c> and <c>bi submit</c>, written into the job's sidecar <c>.job.json</c>.</summary>
internal sealed class JobSettingsOptions
{
    private readonly Option<string?> _deadline = new("--deadline") { Description = "Absolute deadline, ISO-8601 with offset, e.g. 2026-11-23T06:00:00Z." };
    private readonly Option<string?> _window = new("--completion-window") { Description = "Deadline relative to submission: 30m, 4h, 24h, 72h…" };
    private readonly Option<decimal?> _budget = new("--budget") { Description = "Budget in USD (> 0); lines are not sent once it is spent." };
    private readonly Option<string?> _unknownModel = CreateUnknownModel();
    private readonly Option<string?> _unpricedBudget = CreateUnpricedBudget();
    private readonly Option<string?> _resultCache = CreateResultCache();
    private readonly Option<string?> _resultCacheTtl = new("--result-cache-ttl") { Description = "The oldest cached answer the job accepts: 30m, 12h, 7d… (default 7d)." };
    private readonly Option<string[]> _tags = new("--tag") { Description = "Tag key=value for the spend report (repeatable, each key once).", AllowMultipleArgumentsPerToken = false };

    public void AddTo(Command command)
    {
        command.Options.Add(_deadline);
        command.Options.Add(_window);
        command.Options.Add(_budget);
        command.Options.Add(_tags);
        command.Options.Add(_unknownModel);
        command.Options.Add(_unpricedBudget);
        command.Options.Add(_resultCache);
        command.Options.Add(_resultCacheTtl);
    }

    /// <summary>
    /// The sidecar the flags make, read back by the engine's own parser, so that anything the engine would reject (or
    /// silently read otherwise) is refused here, before anything is uploaded.
    /// </summary>
    /// <param name="parse">The command line.</param>
    /// <param name="now">The submission time a deadline must lie after.</param>
    /// <exception cref="UsageException">A flag is invalid, two conflict, or the deadline has passed; the message names the flag.</exception>
    public JobSettingsFlags Read(ParseResult parse, DateTimeOffset now)
    {
        byte[]? sidecar;
        try
        {
            sidecar = SidecarSettings.Build(parse.GetValue(_deadline), parse.GetValue(_window), parse.GetValue(_budget), parse.GetValue(_tags) ?? []);
            if (parse.GetValue(_unknownModel) is { } unknown)
            {
                sidecar = SidecarSettings.WithUnknownModel(sidecar, unknown);
            }

            if (parse.GetValue(_unpricedBudget) is { } unpricedBudget)
            {
                sidecar = SidecarSettings.WithUnpricedBudget(sidecar, unpricedBudget);
            }

            if (parse.GetValue(_resultCache) is { } resultCache)
            {
                sidecar = SidecarSettings.WithResultCache(sidecar, resultCache);
            }

            if (parse.GetValue(_resultCacheTtl) is { } ttl)
            {
                sidecar = SidecarSettings.WithResultCacheTtl(sidecar, ttl);
            }
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message, ex);
        }

        if (sidecar is null)
        {
            return new JobSettingsFlags(null, JobSettings.Default, DeadlineGiven: false);
        }

        var result = JobSettingsParser.Parse(null, sidecar);
        if (!result.Succeeded)
        {
            throw new UsageException(string.Join(" ", result.Errors.Select(e => $"{Flag(e.Field)}: {e.Field} {e.Message}")));
        }

        var settings = result.Settings!;
        if (settings.Deadline is { } deadline && deadline <= now)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture, $"--deadline {parse.GetValue(_deadline)} is in the past (it is {now:yyyy-MM-dd'T'HH:mm:ss'Z'} now)."));
        }

        return new JobSettingsFlags(sidecar, settings, settings.Deadline is not null || settings.CompletionWindow is not null);
    }

    private static string Flag(string field) => field switch
    {
        "deadline" => "--deadline",
        "completion_window" => "--completion-window",
        "budget_usd" => "--budget",
        "unknown_model" => "--unknown-model",
        "unpriced_budget" => "--unpriced-budget",
        "result_cache" => "--result-cache",
        "result_cache_ttl" => "--result-cache-ttl",
        _ => "--tag",
    };

    private static Option<string?> CreateUnknownModel()
    {
        var option = new Option<string?>("--unknown-model")
        {
            Description = "Lines of a model the price catalog does not know: fail (default) or run_unpriced (run in real time, reported unpriced).",
        };
        option.AcceptOnlyFromAmong("fail", "run_unpriced");
        return option;
    }

    private static Option<string?> CreateResultCache()
    {
        var option = new Option<string?>("--result-cache")
        {
            Description = "Answer repeated requests from the exact result cache: off (default), exact (deterministic requests only) or exact_any.",
        };
        option.AcceptOnlyFromAmong("off", "exact", "exact_any");
        return option;
    }

    private static Option<string?> CreateUnpricedBudget()
    {
        var option = new Option<string?>("--unpriced-budget")
        {
            Description = "With --unknown-model run_unpriced and a budget: estimate (default; count unpriced lines at the provider's dearest catalog price) or exclude (leave them out of budgets).",
        };
        option.AcceptOnlyFromAmong("estimate", "exclude");
        return option;
    }
}
