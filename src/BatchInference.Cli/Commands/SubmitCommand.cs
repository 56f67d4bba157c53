using System.CommandLine;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Local;
using BatchInference.Cli.Views;
using BatchInference.Orchestrations.Layout;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi submit FILE [--local | --service-bus] [settings]</c>: uploads the file (and its settings as a sidecar) and submits
/// it to the engine, or with <c>--service-bus</c> sends a job message (<see cref="SubmitServiceBus"/>); prints the job id
/// alone on stdout (everything else goes to stderr) and does not wait.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var file = new Argument<FileInfo>("file") { Description = "JSONL file in the OpenAI batch input format." };
        var local = CommonOptions.Local(CommonOptions.SharedLocalDescription);
        var serviceBus = new Option<bool>("--service-bus")
        {
            Description = $"Send a job message to the Service Bus queue ({SubmitServiceBus.QueueSetting}, default {SubmitServiceBus.DefaultQueue}) instead of submitting directly; needs {SubmitServiceBus.ConnectionStringSetting}.",
        };
        var settings = new JobSettingsOptions();
        var command = new Command("submit", "Upload a JSONL batch file and submit it as a job; prints the job id. Workers (bi worker) run it.") { file, local, serviceBus };
        settings.AddTo(command);
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                throw new UsageException($"Input file {input.FullName} does not exist.");
            }

            // Everything that can be refused is refused here, before anything is uploaded.
            var isLocal = parse.GetValue(local);
            var now = TimeProvider.System.GetUtcNow();
            var flags = settings.Read(parse, now);
            if (flags.DeadlineGiven)
            {
                await DeadlineCheck.RequireReachableAsync(input, flags.Settings, isLocal ? LocalProfile.ForPlanning(configuration) : configuration, now, cancellationToken);
            }

            var sidecar = flags.Sidecar;
            if (parse.GetValue(serviceBus))
            {
                return await SubmitServiceBus.RunAsync(configuration, input, sidecar, isLocal, parse.GetValue(CommonOptions.LogLevel), cancellationToken);
            }

            var console = Consoles.Error;
            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            await using var pipeline = await Pipeline.StartAsync(
                configuration, new PipelineSettings { Local = isLocal }, console, loggers, cancellationToken);
            var blobName = await JobUpload.UploadAsync(pipeline.Blobs, input.FullName, sidecar, TimeProvider.System, cancellationToken);
            var jobId = await pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blobName, cancellationToken);
            console.MarkupLineInterpolated(
                $"Submitted [blue]{StorageLayout.JobsContainer}/{blobName}[/] as job [green]{jobId}[/] (orchestration on task hub {pipeline.Durable.TaskHubName}). Follow it: bi status {jobId} --watch");
            await Console.Out.WriteLineAsync(jobId);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
