using System.CommandLine;
using BatchInference.Cli.Commands;
using BatchInference.Cli.Composition;
using BatchInference.Orchestrations.Engine;
using BatchInference.Storage.Local;
using Microsoft.Extensions.Configuration;

// Composition root of the bi command line: configuration from an optional appsettings.json in the working directory
// and environment variables (Section__Key); each command builds its parts from it.
// A job's spool files are copies of its prompts and responses: unless Engine:SpoolDirectory says otherwise they go to a
// folder of this process's own (0700, deleted on exit, and by the next start of bi if this process is killed).
using var scratch = OwnedTempFolder.Create("bi-scratch-");
OwnedTempFolder.RemoveOrphans(AzuriteLauncher.TemporaryLocationPrefix); // Azurite workspaces of killed bi processes
IConfiguration configuration;
try
{
    configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [$"{EngineOptions.SectionName}:{nameof(EngineOptions.SpoolDirectory)}"] = scratch.Path })
        .SetBasePath(Directory.GetCurrentDirectory())
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
}
catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
{
    await Console.Error.WriteLineAsync($"bi: appsettings.json cannot be read: {CommandAction.FirstLine(ex.Message)}");
    return ExitCodes.Usage;
}

var root = new RootCommand("bi — BatchInference: run OpenAI-format batch jobs at the cheapest tier that meets their deadline.");
root.Options.Add(CommonOptions.LogLevel);
root.Subcommands.Add(DemoCommand.Create(configuration));
root.Subcommands.Add(RunCommand.Create(configuration));
root.Subcommands.Add(PlanCommand.Create(configuration));
root.Subcommands.Add(CatalogCommand.Create(configuration));
root.Subcommands.Add(SubmitCommand.Create(configuration));
root.Subcommands.Add(WorkerCommand.Create(configuration));
root.Subcommands.Add(ServeCommand.Create(configuration));
root.Subcommands.Add(StatusCommand.Create(configuration));
root.Subcommands.Add(JobsCommand.Create(configuration));
root.Subcommands.Add(CancelCommand.Create(configuration));
root.Subcommands.Add(ReportCommand.Create(configuration));
root.Subcommands.Add(ReconcileCommand.Create(configuration));
root.Subcommands.Add(CompactCommand.Create(configuration));
root.Subcommands.Add(EmulatorCommand.Create(configuration));

// On Ctrl+C/SIGTERM a worker stops its Durable worker, which lets the work items it runs end or hands them back; the
// process must live that long (System.CommandLine's default is 2 s).
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(40) };
using var telemetry = TelemetryExport.StartIfConfigured();
var parse = root.Parse(args);
var exitCode = await parse.InvokeAsync(invocation);

// An unknown option or a value of the wrong type is a usage error like any other (System.CommandLine says 1).
return parse.Errors.Count > 0 ? ExitCodes.Usage : exitCode;

