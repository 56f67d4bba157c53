using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Reporting;
using BatchInference.Cli.Views;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi report [--local] [--from D] [--to D] [--by DIM]… [--tag-key K] [--job J]… [--format table|csv|parquet] [--out F]</c>:
/// spend from the ledger, grouped. Exit code: 0 (also when nothing was spent), 1 a ledger line is unreadable or
/// storage failed, 2 usage error.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var from = new Option<string?>("--from") { Description = "First charge date included, YYYY-MM-DD (UTC date the answer arrived)." };
        var to = new Option<string?>("--to") { Description = "Last charge date included, YYYY-MM-DD." };
        var by = new Option<SpendDimension[]>("--by")
        {
            Description = "Group by day, tag, model, tier, job or provider; repeat for several (--by day --by model).",
            AllowMultipleArgumentsPerToken = false,
        };
        var tagKey = new Option<string>("--tag-key")
        {
            Description = "The job tag --by tag groups by.",
            DefaultValueFactory = _ => SpendQuery.DefaultTagKey,
        };
        var job = new Option<string[]>("--job") { Description = "Only this job (repeatable)." };
        var format = new Option<ReportFormat>("--format")
        {
            Description = "table (default), csv (stdout or --out) or parquet (--out required).",
            DefaultValueFactory = _ => ReportFormat.Table,
        };
        var output = new Option<FileInfo?>("--out") { Description = "File to write the csv or parquet output to." };
        var local = CommonOptions.Local(CommonOptions.SharedLocalDescription);
        var command = new Command("report", "Spend from the ledger: requests, tokens, effective and list cost, savings, grouped.")
        {
            from, to, by, tagKey, job, format, output, local,
        };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var query = Query(parse.GetValue(from), parse.GetValue(to), parse.GetValue(by), parse.GetValue(tagKey), parse.GetValue(job));
            var reportFormat = parse.GetValue(format);
            var outFile = parse.GetValue(output);
            if (reportFormat == ReportFormat.Parquet && outFile is null)
            {
                throw new UsageException("--format parquet writes a file: give it with --out FILE.");
            }

            if (reportFormat == ReportFormat.Table && outFile is not null)
            {
                throw new UsageException("--out is for --format csv or parquet; the table goes to the console.");
            }

            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            await using var pipeline = await Pipeline.StartAsync(
                configuration, new PipelineSettings { Local = parse.GetValue(local) }, Consoles.Error, loggers, cancellationToken);
            var aggregator = new SpendAggregator(query);
            try
            {
                await foreach (var entry in LedgerScan.ReadAsync(pipeline.Blobs, query.Jobs, cancellationToken))
                {
                    aggregator.Add(entry);
                }
            }
            catch (JsonException ex)
            {
                Consoles.Error.MarkupLineInterpolated($"[red]A ledger line cannot be read: {ex.Message}[/]");
                return ExitCodes.Failed;
            }

            var report = aggregator.ToReport();
            await WriteAsync(report, reportFormat, outFile, cancellationToken);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The query the options describe.</summary>
    /// <exception cref="UsageException">A date is not YYYY-MM-DD, --from is after --to, or --tag-key is empty.</exception>
    public static SpendQuery Query(string? from, string? to, IReadOnlyList<SpendDimension>? by, string? tagKey, IReadOnlyList<string>? jobs)
    {
        var fromDate = Date("--from", from);
        var toDate = Date("--to", to);
        if (fromDate > toDate)
        {
            throw new UsageException($"--from {from} is after --to {to}.");
        }

        if (string.IsNullOrWhiteSpace(tagKey))
        {
            throw new UsageException("--tag-key needs a tag name, e.g. --tag-key team.");
        }

        return new SpendQuery(fromDate, toDate, [.. (by ?? []).Distinct()], tagKey, [.. (jobs ?? []).Where(j => j.Length > 0)]);
    }

    private static DateOnly? Date(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"{option} '{text}' is not a date: use YYYY-MM-DD, e.g. {option} 2025-03-01.");
    }

    private static async Task WriteAsync(SpendReport report, ReportFormat format, FileInfo? outFile, CancellationToken cancellationToken)
    {
        if (format == ReportFormat.Table)
        {
            SpendReportView.Write(Consoles.Out, report);
            return;
        }

        // A machine format still gets its (header-only or row-less) file, so a pipeline reading it does not break; the
        // friendly line goes to stderr, where it cannot corrupt CSV on stdout.
        if (report.IsEmpty)
        {
            SpendReportView.WriteNoSpend(Consoles.Error, report.Query);
        }

        SpendReportView.WriteUnpriced(Consoles.Error, report);

        if (format == ReportFormat.Csv && outFile is null)
        {
            await SpendReportCsv.WriteAsync(report, Console.Out, cancellationToken);
            return;
        }

        var path = outFile!.FullName;
        try
        {
            await WholeFile.WriteAsync(path, async (stream, ct) =>
            {
                if (format == ReportFormat.Csv)
                {
                    await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
                    await SpendReportCsv.WriteAsync(report, writer, ct);
                }
                else
                {
                    await SpendReportParquet.WriteAsync(report, stream, ct);
                }
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out {path} cannot be written: {ex.Message}", ex);
        }

        if (!report.IsEmpty)
        {
            Consoles.Error.MarkupLineInterpolated($"Wrote {report.Groups.Count} group(s) to {path}.");
        }
    }
}
