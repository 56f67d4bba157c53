using System.CommandLine;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Local;
using BatchInference.Cli.Views;
using BatchInference.Emulator;
using BatchInference.Jobs.Summary;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary><c>bi run FILE --out DIR [--local]</c>: runs a user's JSONL file and copies its results into DIR.</summary>
internal static class RunCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var file = new Argument<FileInfo>("file") { Description = "JSONL file in the OpenAI batch input format." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for output.jsonl, errors.jsonl, summary.json, the ledger and the spend report.", Required = true };
        var local = new Option<bool>("--local") { Description = "Run on local parts: Azurite (started if not running) and the provider emulator." };
        var deadline = new Option<string?>("--deadline") { Description = "Absolute deadline, ISO-8601 with offset, e.g. 2026-11-23T06:00:00Z." };
        var window = new Option<string?>("--completion-window") { Description = "Deadline relative to submission: 30m, 4h, 24h, 72h…" };
        var budget = new Option<decimal?>("--budget") { Description = "Budget in USD; lines are not sent once it is spent." };
        var tags = new Option<string[]>("--tag") { Description = "Tag key=value for the spend report (repeatable).", AllowMultipleArgumentsPerToken = false };

        var command = new Command("run", "Run a JSONL batch file end to end and copy its results into a folder.")
        {
            file, output, local, deadline, window, budget, tags,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Input file {input.FullName} does not exist.[/]");
                return 2;
            }

            byte[]? sidecar;
            try
            {
                sidecar = SidecarSettings.Build(parse.GetValue(deadline), parse.GetValue(window), parse.GetValue(budget), parse.GetValue(tags) ?? []);
            }
            catch (ArgumentException ex)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{ex.Message}[/]");
                return 2;
            }

            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            var outDir = parse.GetValue(output)!.FullName;
            JobSummary summary;
            if (parse.GetValue(local))
            {
                await using var parts = await LocalParts.StartAsync(new EmulatorOptions(), AnsiConsole.Console, cancellationToken);
                var pipeline = Pipeline.Create(configuration, parts.StorageConnectionString, parts.OpenAIEndpoint, loggers);
                summary = await new FileJobSession(pipeline, AnsiConsole.Console, TimeProvider.System).RunAsync(input.FullName, sidecar, outDir, cancellationToken);
            }
            else
            {
                var pipeline = Pipeline.Create(configuration, storageConnectionString: null, providerEndpoint: null, loggers);
                summary = await new FileJobSession(pipeline, AnsiConsole.Console, TimeProvider.System).RunAsync(input.FullName, sidecar, outDir, cancellationToken);
            }

            SummaryView.Write(AnsiConsole.Console, summary, [("Results in", outDir)]);
            return summary.Status == JobSummaryStatus.Failed ? 1 : 0;
        });
        return command;
    }
}
