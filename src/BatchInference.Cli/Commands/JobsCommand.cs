using System.CommandLine;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Views;
using BatchInference.Orchestrations.State;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Commands;

/// <summary><c>bi jobs [--local]</c>: every job in the storage account, newest first.</summary>
internal static class JobsCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var local = CommonOptions.Local(CommonOptions.SharedLocalDescription);
        var command = new Command("jobs", "List every job: id, status, source, lines, shards finished/total, created, finished.") { local };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            await using var pipeline = await Pipeline.StartAsync(
                configuration, new PipelineSettings { Local = parse.GetValue(local) }, Consoles.Error, loggers, cancellationToken);
            var jobs = new List<JobState>();
            await foreach (var job in pipeline.Engine.ListJobsAsync(cancellationToken))
            {
                jobs.Add(job);
            }

            JobListView.Write(Consoles.Out, jobs);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
