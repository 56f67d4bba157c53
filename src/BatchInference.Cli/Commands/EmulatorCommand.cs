using System.CommandLine;
using System.Globalization;
using BatchInference.Emulator;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary><c>bi emulator</c>: runs the provider emulator in the foreground until Ctrl+C.</summary>
internal static class EmulatorCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var port = new Option<int>("--port") { Description = "Loopback port (0 picks a free one).", DefaultValueFactory = _ => 8089 };
        var latency = new Option<int?>("--latency-ms") { Description = "Base latency per request, in milliseconds." };
        var jitter = new Option<int?>("--jitter-ms") { Description = "Extra uniform latency 0..N ms per request." };
        var rpm = new Option<int?>("--rpm") { Description = "Requests per minute before 429 (0 = unlimited)." };
        var tpm = new Option<int?>("--tpm") { Description = "Tokens per minute before 429 (0 = unlimited)." };
        var errors = new Option<double?>("--error-rate") { Description = "Share of requests answered 500/502/503, e.g. 0.05." };
        var seed = new Option<int?>("--seed") { Description = "Seed for deterministic faults and jitter." };

        var command = new Command("emulator", "Run the OpenAI-compatible provider emulator on loopback until Ctrl+C.")
        {
            port, latency, jitter, rpm, tpm, errors, seed,
        };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var options = new EmulatorOptions();
            configuration.GetSection(EmulatorOptions.SectionName).Bind(options);
            options.Port = parse.GetValue(port);
            if (parse.GetValue(latency) is { } l)
            {
                options.Latency = TimeSpan.FromMilliseconds(l);
            }

            if (parse.GetValue(jitter) is { } j)
            {
                options.LatencyJitter = TimeSpan.FromMilliseconds(j);
            }

            options.RequestsPerMinute = parse.GetValue(rpm) ?? options.RequestsPerMinute;
            options.TokensPerMinute = parse.GetValue(tpm) ?? options.TokensPerMinute;
            options.ServerErrorRate = parse.GetValue(errors) ?? options.ServerErrorRate;
            options.Seed = parse.GetValue(seed) ?? options.Seed;

            await using var server = await EmulatorServer.StartAsync(options, cancellationToken);
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Provider emulator listening on [green]{0}[/]", server.BaseAddress);
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "OpenAI SDK endpoint: [green]{0}v1[/]   request log: {0}_emulator/requests   Ctrl+C stops.", server.BaseAddress);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Stopped after {0} billable requests.", server.RequestLog.BillableCount);
            }

            return 0;
        }));
        return command;
    }
}
