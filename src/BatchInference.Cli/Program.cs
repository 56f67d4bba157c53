using System.CommandLine;
using BatchInference.Cli.Commands;
using BatchInference.Functions.Hosting;
using BatchInference.Workers;
using Microsoft.Extensions.Configuration;

// Composition root of the bi command line: configuration from an optional appsettings.json in the working directory
// and environment variables (Section__Key); each command builds its parts from it.
var configuration = new ConfigurationBuilder()
    .SetBasePath(Directory.GetCurrentDirectory())
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .Build();

var root = new RootCommand("bi — BatchInference: run OpenAI-format batch jobs at the cheapest tier that meets their deadline.");
root.Options.Add(CommonOptions.LogLevel);
root.Subcommands.Add(DemoCommand.Create(configuration));
root.Subcommands.Add(RunCommand.Create(configuration));
root.Subcommands.Add(PlanCommand.Create(configuration));
root.Subcommands.Add(CatalogCommand.Create(configuration));
root.Subcommands.Add(SubmitCommand.Create(configuration));
root.Subcommands.Add(WorkerCommand.Create(configuration));
root.Subcommands.Add(StatusCommand.Create(configuration));
root.Subcommands.Add(JobsCommand.Create(configuration));
root.Subcommands.Add(CancelCommand.Create(configuration));
root.Subcommands.Add(ReportCommand.Create(configuration));
root.Subcommands.Add(ReconcileCommand.Create(configuration));
root.Subcommands.Add(CompactCommand.Create(configuration));
root.Subcommands.Add(EmulatorCommand.Create(configuration));
root.Subcommands.Add(HostCommand.Create(configuration));

// On Ctrl+C/SIGTERM a worker cancels its handlers and waits up to Worker:StopTimeout for them before abandoning their
// messages to other workers; the process must live that long (System.CommandLine's default is 2 s).
var stopTimeout = configuration.GetValue<TimeSpan?>($"{WorkerOptions.SectionName}:{nameof(WorkerOptions.StopTimeout)}") ?? new WorkerOptions().StopTimeout;
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = stopTimeout + TimeSpan.FromSeconds(10) };
using var telemetry = TelemetryExport.StartIfConfigured();
return await root.Parse(args).InvokeAsync(invocation);
