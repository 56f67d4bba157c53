using System.CommandLine;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Views;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi status JOB [--watch] [--local]</c>: the job's state, its shards and totals; with <c>--watch</c>, live
/// progress bars until the job is terminal. Exit code: 0 completed, completed_with_errors or still running; 1 failed;
/// 2 unknown job; 3 cancelled.
/// </summary>
internal static class StatusCommand
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    public static Command Create(IConfiguration configuration)
    {
        var job = new Argument<string>("job") { Description = "The job id (bi submit prints it; bi jobs lists them)." };
        var watch = new Option<bool>("--watch") { Description = "Show live progress until the job is finished, then its status." };
        var local = CommonOptions.Local(CommonOptions.SharedLocalDescription);
        var command = new Command("status", "Show a job's state, its shards and totals.") { job, watch, local };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var jobId = parse.GetValue(job)!;
            var console = Consoles.Out;
            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            await using var pipeline = await Pipeline.StartAsync(
                configuration, new PipelineSettings { Local = parse.GetValue(local) }, Consoles.Error, loggers, cancellationToken);
            var report = await pipeline.Engine.GetStatusAsync(jobId, cancellationToken);
            if (report is null)
            {
                return UnknownJob(jobId);
            }

            if (parse.GetValue(watch))
            {
                report = await JobProgressView.RunAsync(
                    console, pipeline.Engine, jobId, JobProgressStyle.PerShard, WatchInterval, TimeProvider.System, cancellationToken);
            }

            var summary = await pipeline.Engine.GetSummaryAsync(jobId, cancellationToken);
            JobStatusView.Write(console, report, summary);
            return ExitCodes.For(report.Job.Status);
        }));
        return command;
    }

    /// <summary>Says that there is no such job and returns <see cref="ExitCodes.Usage"/>; shared by the job commands.</summary>
    public static int UnknownJob(string jobId)
    {
        Consoles.Error.MarkupLineInterpolated($"[red]No job '{jobId}' in this storage account.[/] bi jobs lists the jobs there are.");
        return ExitCodes.Usage;
    }
}
