using System.Text.RegularExpressions;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

[Collection(AzuriteFixture.CollectionName)]
public sealed partial class SubmitCommandTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // A storage account that does not answer: a command must fail on its input before it tries to reach it.
    private static readonly Dictionary<string, string> UnreachableStorage =
        new() { ["Storage__ConnectionString"] = "BlobEndpoint=http://127.0.0.1:9/acct;SharedAccessSignature=sv=x" };

    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-submit-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Submit_MissingInputFile_Exits2BeforeTouchingStorage()
    {
        var submit = await BiProcess.RunAsync(_work, Timeout, UnreachableStorage, "submit", "missing.jsonl");

        Assert.True(submit.ExitCode == 2, submit.Describe());
        Assert.Contains($"Input file {Path.Combine(_work, "missing.jsonl")} does not exist.", submit.FlatError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, submit.StandardOutput);
    }

    [Theory]
    [InlineData("--budget", "0", "budget_usd")]
    [InlineData("--budget", "-1", "budget_usd")]
    [InlineData("--completion-window", "soon", "completion_window")]
    [InlineData("--deadline", "tomorrow", "deadline")]
    [InlineData("--deadline", "2020-01-01T00:00:00Z", "--deadline 2020-01-01T00:00:00Z is in the past")]
    public async Task Submit_InvalidSetting_Exits2WithOneLineBeforeTouchingStorage(string flag, string value, string named)
    {
        var input = await WriteOneLineAsync();

        var submit = await BiProcess.RunAsync(_work, Timeout, UnreachableStorage, "submit", input, flag, value);

        Assert.True(submit.ExitCode == 2, submit.Describe());
        Assert.Contains(named, submit.FlatError, StringComparison.Ordinal);
        Assert.Single(submit.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(string.Empty, submit.StandardOutput);
    }

    [Fact]
    public async Task Submit_DeadlineAndCompletionWindowTogether_Exits2()
    {
        var input = await WriteOneLineAsync();

        var submit = await BiProcess.RunAsync(
            _work, Timeout, UnreachableStorage, "submit", input, "--deadline", "2099-01-01T00:00:00Z", "--completion-window", "4h");

        Assert.True(submit.ExitCode == 2, submit.Describe());
        Assert.Contains("--deadline and --completion-window", submit.FlatError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_RepeatedTagKey_Exits2NamingTheKey()
    {
        var input = await WriteOneLineAsync();

        var submit = await BiProcess.RunAsync(_work, Timeout, UnreachableStorage, "submit", input, "--tag", "team=a", "--tag", "team=b");

        Assert.True(submit.ExitCode == 2, submit.Describe());
        Assert.Contains("--tag key 'team' is given twice", submit.FlatError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WindowShorterThanTheRealtimeEstimate_Exits2BeforeTouchingStorage()
    {
        // 600 embeddings at the built-in catalog's 3,000 requests per minute take 12 s in real time, and a batch hours.
        var input = Path.Combine(_work, "job.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 600).Select(n =>
            $$$"""{"custom_id": "e{{{n}}}", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "x"}}"""));

        var submit = await BiProcess.RunAsync(_work, Timeout, UnreachableStorage, "submit", input, "--completion-window", "2s");

        Assert.True(submit.ExitCode == 2, submit.Describe());
        Assert.Contains("cannot be met: even the fastest plan finishes at", submit.FlatError, StringComparison.Ordinal);
        Assert.Single(submit.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Submit_UnknownOptionValue_ExitsWithTheUsageCode()
    {
        var submit = await BiProcess.RunAsync(_work, Timeout, UnreachableStorage, "submit", "job.jsonl", "--budget", "lots");

        Assert.True(submit.ExitCode == 2, submit.Describe());
        Assert.Contains("lots", submit.FlatError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_AtTraceLogLevel_PrintsOnlyTheJobIdOnStdout()
    {
        await using var parts = await ConfiguredParts.StartAsync(azurite);
        var input = parts.WriteInput("quiet.jsonl", 3);

        var submit = await parts.RunBiAsync(Timeout, "submit", input, "--log-level", "Trace");

        Assert.True(submit.ExitCode == 0, submit.Describe());
        Assert.Matches(JobIdLine(), submit.StandardOutput);
        // The log lines are there, on stderr.
        Assert.Matches(LogLine(), submit.StandardError);
    }

    private async Task<string> WriteOneLineAsync()
    {
        var input = Path.Combine(_work, "job.jsonl");
        await File.WriteAllTextAsync(input, """{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "x"}}""" + "\n");
        return input;
    }

    [GeneratedRegex(@"\Ajob_[0-9a-f]{24}\r?\n\z")]
    private static partial Regex JobIdLine();

    [GeneratedRegex(@"(?m)^\d\d:\d\d:\d\d (trce|dbug|info): ")]
    internal static partial Regex LogLine();
}
