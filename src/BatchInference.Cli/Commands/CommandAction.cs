using System.CommandLine;
using Azure;
using BatchInference.Cli.Views;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary>
/// Wraps a command's action so that expected failures end with one clear line on stderr instead of a stack trace:
/// a <see cref="UsageException"/> exits 2, a storage request that failed (unreachable, denied) exits 1.
/// </summary>
internal static class CommandAction
{
    public static Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (parse, cancellationToken) =>
        {
            try
            {
                return await action(parse, cancellationToken);
            }
            catch (UsageException ex)
            {
                Consoles.Error.MarkupLineInterpolated($"[red]{ex.Message}[/]");
                return ExitCodes.Usage;
            }
            catch (Exception ex) when (StorageFailure(ex) is { } failure)
            {
                Consoles.Error.MarkupLineInterpolated($"[red]A storage request failed: {failure.Message}[/]");
                return 1;
            }
        };

    // Azure.Core reports a request that failed every retry as an AggregateException of the attempts.
    private static RequestFailedException? StorageFailure(Exception ex) => ex switch
    {
        RequestFailedException failed => failed,
        AggregateException aggregate => aggregate.InnerExceptions.OfType<RequestFailedException>().LastOrDefault(),
        _ => null,
    };
}
