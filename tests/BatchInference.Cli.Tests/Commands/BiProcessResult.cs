using System.Text.RegularExpressions;

namespace BatchInference.Cli.Tests.Commands;

/// <summary>What a finished (or killed) bi process left behind.</summary>
/// <param name="ExitCode">The exit code; null when the process was killed on timeout.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
/// <param name="Arguments">The command line after <c>bi</c>, for messages.</param>
internal sealed partial record BiProcessResult(int? ExitCode, string StandardOutput, string StandardError, string Arguments)
{
    /// <summary>
    /// Standard output as plain text on one line: ANSI styling removed and line wrapping undone (Spectre styles and
    /// wraps even when redirected, depending on the terminal settings it inherits).
    /// </summary>
    public string FlatOutput => Flat(StandardOutput);

    /// <summary>Standard error as plain text on one line, as <see cref="FlatOutput"/>.</summary>
    public string FlatError => Flat(StandardError);

    /// <summary>Everything needed to understand a failed assertion.</summary>
    public string Describe() =>
        $"bi {Arguments}\nexit code: {(ExitCode is { } code ? code : "killed on timeout")}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";

    private static string Flat(string text) => Whitespace().Replace(AnsiEscape().Replace(text, string.Empty), " ");

    [GeneratedRegex(@"\x1B\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
