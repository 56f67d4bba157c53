using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace BatchInference.Cli.Commands;

/// <summary>Options every command shares.</summary>
internal static class CommonOptions
{
    public static Option<LogLevel> LogLevel { get; } = new("--log-level")
    {
        Description = "Minimum level of log lines on stderr (Trace shows prompts and responses; keys are never logged).",
        DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Warning,
        Recursive = true,
    };

    /// <summary>What <c>--local</c> means for the commands that only read or submit (they start no storage of their own).</summary>
    public const string SharedLocalDescription =
        "Use the local storage a `bi worker --local` of this user publishes, or Storage__ConnectionString when set.";

    /// <summary>A <c>--local</c> flag for one command (an option instance belongs to one command).</summary>
    public static Option<bool> Local(string description) => new("--local") { Description = description };

    /// <summary>
    /// Log lines at <paramref name="level"/> and above, all on stderr: stdout carries a command's data (a job id, a
    /// report), so that <c>id=$(bi submit …)</c> captures only the id at every log level.
    /// </summary>
    public static ILoggerFactory CreateLoggerFactory(LogLevel level) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(level)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .AddFilter("System.Net.Http", Microsoft.Extensions.Logging.LogLevel.Warning)
            // The Azure SDK logs each error response as a warning, the expected ones too (404 for a sidecar that is not
            // there, 409 for a lost create race); the adapters turn them into outcomes. Shown only when debugging.
            .AddFilter("Azure", level <= Microsoft.Extensions.Logging.LogLevel.Debug ? level : Microsoft.Extensions.Logging.LogLevel.Error)
            // The Durable Task Framework (DurableTask.Core, DurableTask.AzureStorage) and the Microsoft.DurableTask shims
            // log every dispatch, lease, poll and activity at Information: shown only when debugging.
            .AddFilter("DurableTask", level <= Microsoft.Extensions.Logging.LogLevel.Debug ? level : Microsoft.Extensions.Logging.LogLevel.Warning)
            .AddFilter("Microsoft.DurableTask", level <= Microsoft.Extensions.Logging.LogLevel.Debug ? level : Microsoft.Extensions.Logging.LogLevel.Warning)
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace));
}
