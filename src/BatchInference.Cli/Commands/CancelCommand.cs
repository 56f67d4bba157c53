using System.CommandLine;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Views;
using BatchInference.Orchestrations.State;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi cancel JOB [--local]</c>: asks the engine to cancel the job (no new lines start, lines in flight finish, what is
/// done is kept in its results) and prints its state. Exit code 2 for an unknown job.
/// </summary>
internal static class CancelCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var job = new Argument<string>("job") { Description = "The job id." };
        var local = CommonOptions.Local(CommonOptions.SharedLocalDescription);
        var command = new Command("cancel", "Cancel a job; lines already answered are kept in its results.") { job, local };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var jobId = parse.GetValue(job)!;
            var console = Consoles.Out;
            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            await using var pipeline = await Pipeline.StartAsync(
                configuration, new PipelineSettings { Local = parse.GetValue(local) }, Consoles.Error, loggers, cancellationToken);
            var state = await pipeline.Engine.CancelAsync(jobId, cancellationToken);
            if (state is null)
            {
                return StatusCommand.UnknownJob(jobId);
            }

            if (state.Status.IsTerminal() && !state.CancelRequested)
            {
                console.MarkupLine($"Job [bold]{Markup.Escape(jobId)}[/] had already finished: {StatusNames.Colored(state.Status)}. Nothing to cancel.");
            }
            else
            {
                console.MarkupLine(
                    $"Job [bold]{Markup.Escape(jobId)}[/]: cancel requested; status {StatusNames.Colored(state.Status)}. " +
                    "Lines in flight finish, the rest become job_cancelled errors. Follow it: bi status " + Markup.Escape(jobId) + " --watch");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
