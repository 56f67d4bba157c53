using System.CommandLine;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Views;
using BatchInference.Ledger.Reconciliation;
using BatchInference.Orchestrations.Reports;
using BatchInference.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi reconcile --date D [--local]</c>: compares a day's ledger with the provider's usage and cost APIs and writes
/// <c>reports/reconciliation/date=D/part-&lt;provider&gt;.parquet</c>. Exits 1 when a variance is flagged, so a nightly
/// pipeline can alert on it.
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var local = CommonOptions.Local("Use the Azurite on 127.0.0.1:10000 for the ledger and reports.");
        var date = new Option<string>("--date") { Description = "The UTC day to reconcile, YYYY-MM-DD.", Required = true };
        var percent = new Option<decimal?>("--threshold-percent") { Description = "Flag a variance above this share of the ledger's value (default 1)." };
        var command = new Command("reconcile", "Reconcile one day's ledger with the provider's usage and cost APIs; flag variances.") { date, percent, local };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var day = DateArgument.Parse(parse.GetValue(date)!, "--date");
            var provider = new ProviderEndpointOptions();
            configuration.GetSection("Providers:OpenAI").Bind(provider);
            var adminKey = configuration["Providers:OpenAI:AdminApiKey"] ?? Environment.GetEnvironmentVariable("OPENAI_ADMIN_KEY");
            if (string.IsNullOrWhiteSpace(adminKey))
            {
                throw new UsageException("Reconciling needs an admin key for the provider's usage API: set Providers__OpenAI__AdminApiKey or OPENAI_ADMIN_KEY.");
            }

            var thresholds = new ReconciliationThresholds();
            if (parse.GetValue(percent) is { } p)
            {
                thresholds.RelativePercent = p;
            }

            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            await using var pipeline = await Pipeline.StartAsync(
                configuration, new PipelineSettings { Local = parse.GetValue(local) }, Consoles.Error, loggers, cancellationToken);
            using var http = new HttpClient();
            var usage = new ProviderUsageClient(http, new ProviderUsageClientOptions
            {
                Provider = provider.Name,
                BaseAddress = ApiRoot(provider.BaseUrl),
                AdminApiKey = adminKey,
            });
            var rows = await new DailyReconciliation(pipeline.Blobs, usage, thresholds, loggers.CreateLogger<DailyReconciliation>())
                .ReconcileAsync(day, provider.Name, cancellationToken: cancellationToken);
            ReconciliationView.Write(Consoles.Out, day, provider.Name, rows);
            return rows.Any(r => r.Flagged) ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    // The usage API lives at the API root, next to /v1: https://api.openai.com/v1 → https://api.openai.com/.
    private static Uri ApiRoot(Uri? baseUrl)
    {
        var url = baseUrl ?? new Uri("https://api.openai.com/v1");
        var text = url.AbsoluteUri.TrimEnd('/');
        return new Uri((text.EndsWith("/v1", StringComparison.Ordinal) ? text[..^3] : text) + "/");
    }
}
