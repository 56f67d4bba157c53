using System.CommandLine;
using Microsoft.Extensions.Logging;

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

    /// <summary>A <c>--local</c> flag for one command (an option instance belongs to one command).</summary>
    public static Option<bool> Local(string description) => new("--local") { Description = description };

    public static ILoggerFactory CreateLoggerFactory(LogLevel level) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(level)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .AddFilter("System.Net.Http", Microsoft.Extensions.Logging.LogLevel.Warning));
}
