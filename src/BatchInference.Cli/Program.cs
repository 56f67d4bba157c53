using System.CommandLine;
using BatchInference.Cli.Commands;
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
root.Subcommands.Add(EmulatorCommand.Create(configuration));
return await root.Parse(args).InvokeAsync();
