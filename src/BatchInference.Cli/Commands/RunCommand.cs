using System.CommandLine;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Local;
using BatchInference.Cli.Views;
using BatchInference.Emulator;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi run FILE --out DIR [--local]</c>: uploads and submits a user's JSONL file, works on it with a worker in this
/// process while showing its progress, and copies its results into DIR.
/// </summary>
internal static class RunCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var file = new Argument<FileInfo>("file") { Description = "JSONL file in the OpenAI batch input format." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder (created if missing; checked before anything runs) for output.jsonl, errors.jsonl, summary.json, the ledger and the spend report.", Required = true };
        var local = CommonOptions.Local("Run on local parts: an Azurite of its own on free ports (or the configured Storage__ConnectionString) and the provider emulator.");
        var settings = new JobSettingsOptions();
        var command = new Command("run", "Run a JSONL batch file end to end in this process and copy its results into a folder.") { file, output, local };
        settings.AddTo(command);
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                throw new UsageException($"Input file {input.FullName} does not exist.");
            }

            // Everything that can be refused is refused here, before anything is started, uploaded or spent.
            var isLocal = parse.GetValue(local);
            var now = TimeProvider.System.GetUtcNow();
            var flags = settings.Read(parse, now);
            var outDir = OutputFolder.Require(parse.GetValue(output)!, "--out");
            if (flags.DeadlineGiven)
            {
                await DeadlineCheck.RequireReachableAsync(input, flags.Settings, isLocal ? LocalProfile.ForPlanning(configuration) : configuration, now, cancellationToken);
            }

            var console = Consoles.Out;
            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            await using var pipeline = await Pipeline.StartAsync(
                configuration,
                new PipelineSettings
                {
                    Local = isLocal,
                    LocalStorage = LocalStorageMode.StartPrivate,
                    LocalEmulator = isLocal ? new EmulatorOptions() : null,
                    PrivateTaskHub = isLocal,
                },
                console,
                loggers,
                cancellationToken);
            var result = await new FileJobSession(pipeline, console, TimeProvider.System).RunAsync(input.FullName, flags.Sidecar, outDir, cancellationToken);
            SummaryView.Write(console, result.Summary, [("Results in", outDir)]);
            return ExitCodes.For(result.Summary);
        }));
        return command;
    }
}
