using System.CommandLine;
using BatchInference.Cli.Composition;

namespace BatchInference.Cli.Commands;

/// <summary>The job-settings flags of <c>bi run</c> and <c>bi submit</c>, written into the job's sidecar <c>.job.json</c>.</summary>
internal sealed class JobSettingsOptions
{
    private readonly Option<string?> _deadline = new("--deadline") { Description = "Absolute deadline, ISO-8601 with offset, e.g. 2026-11-23T06:00:00Z." };
    private readonly Option<string?> _window = new("--completion-window") { Description = "Deadline relative to submission: 30m, 4h, 24h, 72h…" };
    private readonly Option<decimal?> _budget = new("--budget") { Description = "Budget in USD; lines are not sent once it is spent." };
    private readonly Option<string?> _unknownModel = CreateUnknownModel();
    private readonly Option<string[]> _tags = new("--tag") { Description = "Tag key=value for the spend report (repeatable).", AllowMultipleArgumentsPerToken = false };

    public void AddTo(Command command)
    {
        command.Options.Add(_deadline);
        command.Options.Add(_window);
        command.Options.Add(_budget);
        command.Options.Add(_tags);
        command.Options.Add(_unknownModel);
    }

    /// <summary>The sidecar's bytes, or null when no flag was given.</summary>
    /// <exception cref="UsageException">A tag is not <c>key=value</c>.</exception>
    public byte[]? BuildSidecar(ParseResult parse)
    {
        try
        {
            var sidecar = SidecarSettings.Build(parse.GetValue(_deadline), parse.GetValue(_window), parse.GetValue(_budget), parse.GetValue(_tags) ?? []);
            return parse.GetValue(_unknownModel) is { } unknown ? SidecarSettings.WithUnknownModel(sidecar, unknown) : sidecar;
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }

    private static Option<string?> CreateUnknownModel()
    {
        var option = new Option<string?>("--unknown-model")
        {
            Description = "Lines of a model the price catalog does not know: fail (default) or run_unpriced (run in real time, reported unpriced).",
        };
        option.AcceptOnlyFromAmong("fail", "run_unpriced");
        return option;
    }
}
