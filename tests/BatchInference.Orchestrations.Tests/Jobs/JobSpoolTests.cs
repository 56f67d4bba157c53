using System.Runtime.Versioning;
using BatchInference.Orchestrations.Jobs;

namespace BatchInference.Orchestrations.Tests.Jobs;

[UnsupportedOSPlatform("windows")] // file modes are checked where they exist
public sealed class JobSpoolTests : IDisposable
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string _root = Directory.CreateTempSubdirectory("bi-spool-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void New_FoldersAndFilesHoldingResponses_AreThisUsersAloneWhateverTheUmask()
    {
        // The folder the spool folder is made in is world-readable, as the temp folder is.
        File.SetUnixFileMode(_root, File.GetUnixFileMode(_root) | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        using var spool = new JobSpool(_root, "job_test");

        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(_root, "bi-spool")) & GroupOrOther);
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(spool.Directory) & GroupOrOther);
        Assert.All([spool.Output.Name, spool.Errors.Name, spool.Ledger.Name], f => Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(f) & GroupOrOther));
    }
}
