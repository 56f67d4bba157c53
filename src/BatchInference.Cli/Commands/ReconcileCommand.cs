using System.CommandLine;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Views;
using BatchInference.Ledger.Reconciliation;
using BatchInference.Ledger.Reconciliation.Anthropic;
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
        var local = CommonOptions.Local(CommonOptions.SharedLocalDescription);
        var date = new Option<string>("--date") { Description = "The UTC day to reconcile, YYYY-MM-DD.", Required = true };
        var providerOption = new Option<string>("--provider") { Description = "openai (default) or anthropic.", DefaultValueFactory = _ => "openai" };
        var percent = new Option<decimal?>("--threshold-percent") { Description = "Flag a variance above this share of the ledger's value (default 1)." };
        var command = new Command("reconcile", "Reconcile one day's ledger with the provider's usage and cost APIs; flag variances.") { date, providerOption, percent, local };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var day = DateArgument.Parse(parse.GetValue(date)!, "--date");
            var thresholds = new ReconciliationThresholds();
            if (parse.GetValue(percent) is { } p)
            {
                thresholds.RelativePercent = p;
            }

            using var http = new HttpClient();
            var usage = UsageSource(configuration, parse.GetValue(providerOption)!, http);
            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            await using var pipeline = await Pipeline.StartAsync(
                configuration, new PipelineSettings { Local = parse.GetValue(local) }, Consoles.Error, loggers, cancellationToken);
            var rows = await new DailyReconciliation(pipeline.Blobs, usage, thresholds, loggers.CreateLogger<DailyReconciliation>())
                .ReconcileAsync(day, cancellationToken: cancellationToken);
            ReconciliationView.Write(Consoles.Out, day, usage.Provider, rows);
            return rows.Any(r => r.Flagged) ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    // The provider's usage API client, with its admin key from configuration or the environment (never logged).
    private static IProviderUsageSource UsageSource(IConfiguration configuration, string provider, HttpClient http)
    {
        switch (provider)
        {
            case "openai":
                var openai = new ProviderEndpointOptions();
                configuration.GetSection("Providers:OpenAI").Bind(openai);
                return new ProviderUsageClient(http, new ProviderUsageClientOptions
                {
                    Provider = openai.Name,
                    BaseAddress = ApiRoot(openai.BaseUrl),
                    AdminApiKey = AdminKey(configuration, "Providers:OpenAI:AdminApiKey", "OPENAI_ADMIN_KEY"),
                });
            case "anthropic":
                var baseUrl = configuration["Providers:Anthropic:BaseUrl"];
                return new AnthropicUsageClient(http, new AnthropicUsageClientOptions
                {
                    BaseAddress = string.IsNullOrWhiteSpace(baseUrl) ? new Uri("https://api.anthropic.com/") : ApiRoot(new Uri(baseUrl)),
                    AdminApiKey = AdminKey(configuration, "Providers:Anthropic:AdminApiKey", "ANTHROPIC_ADMIN_KEY"),
                });
            default:
                throw new UsageException($"--provider must be openai or anthropic, not '{provider}'.");
        }
    }

    private static string AdminKey(IConfiguration configuration, string setting, string variable) =>
        configuration[setting] is { Length: > 0 } key ? key
        : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : throw new UsageException(
            $"Reconciling needs an admin key for the provider's usage API: set {setting.Replace(":", "__", StringComparison.Ordinal)} or {variable}.");

    // The usage API lives at the API root, next to /v1: https://api.openai.com/v1 → https://api.openai.com/.
    private static Uri ApiRoot(Uri? baseUrl)
    {
        var url = baseUrl ?? new Uri("https://api.openai.com/v1");
        var text = url.AbsoluteUri.TrimEnd('/');
        return new Uri((text.EndsWith("/v1", StringComparison.Ordinal) ? text[..^3] : text) + "/");
    }
}
