namespace BatchInference.Cli.Tests.Commands;

public sealed class SubmitCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-submit-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Submit_MissingInputFile_Exits2BeforeTouchingStorage()
    {
        // A storage account that does not answer: the command must fail on the file before it tries to reach it.
        var environment = new Dictionary<string, string> { ["Storage__ConnectionString"] = "BlobEndpoint=http://127.0.0.1:9/acct;SharedAccessSignature=sv=x" };

        var submit = await BiProcess.RunAsync(_work, TimeSpan.FromSeconds(60), environment, "submit", "missing.jsonl");

        Assert.True(submit.ExitCode == 2, submit.Describe());
        Assert.Contains($"Input file {Path.Combine(_work, "missing.jsonl")} does not exist.", submit.FlatError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, submit.StandardOutput);
    }
}
