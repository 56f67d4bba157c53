using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary>
/// The CLI's consoles. Output that goes to a file or a pipe is laid out 160 columns wide instead of Spectre's 80, so
/// tables of ids and blob names stay one row per line for logs and scripts.
/// </summary>
internal static class Consoles
{
    private const int RedirectedWidth = 160;

    /// <summary>stdout: tables, progress, results.</summary>
    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>stderr: errors, and what a command that prints a value on stdout (<c>bi submit</c>) says besides it.</summary>
    public static IAnsiConsole Error { get; } = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>
    /// Writes one error line to stderr: red on a terminal, and never wrapped when redirected, so a script sees the whole
    /// message on one line.
    /// </summary>
    public static void WriteErrorLine(string text)
    {
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(text);
        }
        else
        {
            Error.MarkupLineInterpolated($"[red]{text}[/]");
        }
    }

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
