using System.CommandLine;
using BatchInference.Cli.Local;
using BatchInference.Cli.Views;
using BatchInference.Emulator;
using BatchInference.Functions.Local;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi host [--local] [--port N]</c>: the function app without the Functions host — the custom handler plus a local
/// trigger dispatcher (blob drops, the work queue and its poison queue, the nightly timer) in one process until Ctrl+C.
/// With <c>--local</c> it uses local storage as <c>bi worker --local</c> does (<see cref="LocalStorageMode.StartShared"/>) and a
/// provider emulator of its own.
/// </summary>
internal static class HostCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var local = CommonOptions.Local(
            "Use local parts: an Azurite on free ports, published for other `bi … --local` commands (or the one a `bi worker --local` publishes), and a provider emulator of its own.");
        var port = new Option<int>("--port") { Description = "The handler's loopback port (0 picks a free one).", DefaultValueFactory = _ => 7071 };
        var command = new Command("host", "Run the function app locally until Ctrl+C: the handler and a dispatcher playing its triggers.") { local, port };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var console = Consoles.Out;
            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            LocalParts? parts = null;
            var settings = configuration;
            if (parse.GetValue(local))
            {
                var emulator = new EmulatorOptions();
                configuration.GetSection(EmulatorOptions.SectionName).Bind(emulator);
                parts = await LocalParts.StartAsync(LocalStorageMode.StartShared, configuration, emulator, console, cancellationToken);
                settings = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(LocalProfile.Settings(parts, configuration)).Build();
            }
            else if (settings["Storage"] is null && settings["Storage:ConnectionString"] is { } connection)
            {
                settings = new ConfigurationBuilder().AddConfiguration(configuration)
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage"] = connection }).Build();
            }

            try
            {
                LocalFunctionsApp app;
                try
                {
                    app = await LocalFunctionsApp.StartAsync(settings, parse.GetValue(port), loggers, Print, cancellationToken);
                }
                catch (InvalidOperationException ex)
                {
                    throw new UsageException(ex.Message, ex);
                }

                await using (app)
                {
                    console.MarkupLineInterpolated(
                        $"Handler at [green]{app.HandlerAddress}[/]; dispatching jobs/incoming/, queue [blue]{app.QueueName}[/] (+ -poison), nightly: {app.NightlySchedule ?? "off"}. Ctrl+C stops.");
                    await app.RunAsync(cancellationToken);
                }

                console.MarkupLine("Stopped.");
                return ExitCodes.Ok;
            }
            finally
            {
                if (parts is not null)
                {
                    await parts.DisposeAsync();
                }
            }

            void Print(DispatchRecord record)
            {
                var color = record.Outcome switch
                {
                    DispatchOutcome.Succeeded => "green",
                    DispatchOutcome.Skipped => "grey",
                    _ => "red",
                };
                console.MarkupLineInterpolated($"[{color}]{record.Outcome,-13}[/] {record.Function,-12} {record.Subject} ({record.Detail})");
            }
        }));
        return command;
    }
}
