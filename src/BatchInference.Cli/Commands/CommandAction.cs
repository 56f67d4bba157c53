using System.CommandLine;
using Azure;
using BatchInference.Cli.Views;
using BatchInference.Storage.ServiceBus;
using Microsoft.Extensions.Logging;

namespace BatchInference.Cli.Commands;

/// <summary>
/// Wraps a command's action so that every failure ends with one clear line on stderr instead of a stack trace:
/// a <see cref="UsageException"/> exits 2, a storage or Service Bus request that failed (unreachable, denied) exits 1, anything else
/// exits 1 with its type and first line (the stack trace too at <c>--log-level Debug</c> or lower).
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
                Consoles.WriteErrorLine(FirstLine(ex.Message));
                Details(parse, ex);
                return ExitCodes.Usage;
            }
            catch (ServiceBusRequestException ex)
            {
                Consoles.WriteErrorLine("A Service Bus request failed: " + FirstLine(ex.Message));
                Details(parse, ex);
                return ExitCodes.Failed;
            }
            catch (Exception ex) when (StorageFailure(ex) is { } failure)
            {
                Consoles.WriteErrorLine("A storage request failed: " + FirstLine(failure.Message));
                Details(parse, ex);
                return ExitCodes.Failed;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // Ctrl+C is not a failure: System.CommandLine turns that cancellation into its own exit code.
                Consoles.WriteErrorLine($"bi {parse.CommandResult.Command.Name} failed: {ex.GetType().Name}: {FirstLine(ex.Message)}");
                Details(parse, ex);
                return ExitCodes.Failed;
            }
        };

    /// <summary>The first line of a message (some carry a child process's output below it).</summary>
    public static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private static void Details(ParseResult parse, Exception ex)
    {
        if (parse.GetValue(CommonOptions.LogLevel) <= LogLevel.Debug)
        {
            Console.Error.WriteLine(ex.ToString());
        }
    }

    // Azure.Core reports a request that failed every retry as an AggregateException of the attempts.
    private static RequestFailedException? StorageFailure(Exception ex) => ex switch
    {
        RequestFailedException failed => failed,
        AggregateException aggregate => aggregate.InnerExceptions.OfType<RequestFailedException>().LastOrDefault(),
        _ => null,
    };
}
