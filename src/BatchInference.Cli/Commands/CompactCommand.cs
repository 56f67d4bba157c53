using System.CommandLine;
using System.Globalization;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Views;
using BatchInference.Orchestrations.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary><c>bi compact --date D [--local]</c>: merges a day's per-job spend reports into one file (the nightly step).</summary>
internal static class CompactCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var local = CommonOptions.Local(CommonOptions.SharedLocalDescription);
        var date = new Option<string>("--date") { Description = "Charge date (UTC), YYYY-MM-DD.", Required = true };
        var command = new Command("compact", "Compact one day's spend-report partition into a single Parquet file, rebuilt from the ledger.") { date, local };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var day = DateArgument.Parse(parse.GetValue(date)!, "--date");
            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            await using var pipeline = await Pipeline.StartAsync(
                configuration, new PipelineSettings { Local = parse.GetValue(local) }, Consoles.Error, loggers, cancellationToken);
            var rows = await new SpendCompaction(pipeline.Blobs, loggers.CreateLogger<SpendCompaction>())
                .CompactAsync(day, pipeline.EngineOptions.SpoolDirectory, cancellationToken);
            if (rows == 0)
            {
                Consoles.Out.MarkupLineInterpolated($"No spend on {day:yyyy-MM-dd}: nothing to compact.");
            }
            else
            {
                Consoles.Out.MarkupLineInterpolated($"reports/spend/date={day:yyyy-MM-dd}/compacted.parquet: {rows.ToString("N0", CultureInfo.InvariantCulture)} rows.");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
