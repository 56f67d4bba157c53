using System.Globalization;
using BatchInference.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

// The custom handler executable the Functions host starts (host.json: customHandler.description.defaultExecutablePath).
// App settings arrive as environment variables (Storage, Engine__QueueName, Providers__OpenAI__BaseUrl, …).
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var logLevel = Enum.TryParse<LogLevel>(configuration["Logging:LogLevel:Default"], out var level) ? level : LogLevel.Information;
using var loggers = LoggerFactory.Create(logging => logging
    .AddSimpleConsole(console => console.SingleLine = true)
    .SetMinimumLevel(logLevel)
    // The Azure SDK logs expected error responses (404, 409 lost races) as warnings; the adapters make them outcomes.
    .AddFilter("Azure", logLevel <= LogLevel.Debug ? logLevel : LogLevel.Error));

using var telemetry = TelemetryExport.StartIfConfigured(); // OTLP and/or Application Insights, as the environment configures

var portText = configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
{
    await Console.Error.WriteLineAsync($"FUNCTIONS_CUSTOMHANDLER_PORT must be a port number (is '{portText}'); the Functions host sets it.")
        .ConfigureAwait(false);
    return 2;
}

try
{
    var host = await FunctionsHost.StartAsync(configuration, port, loggers, TimeProvider.System).ConfigureAwait(false);
    await using (host.ConfigureAwait(false))
    {
        await host.WaitForShutdownAsync().ConfigureAwait(false);
    }

    return 0;
}
catch (InvalidOperationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
    return 2;
}
