using System.Runtime.Versioning;
using System.Text;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;
using BatchInference.Jobs.Tests.Fixtures;

namespace BatchInference.Jobs.Tests.Sharding;

[UnsupportedOSPlatform("windows")] // file modes are checked where they exist
public sealed class ShardSpoolTests
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task SplitAsync_ShardSpoolFile_IsReadableByThisUserOnly()
    {
        using var spool = new SpoolDirectory();
        var modes = new List<UnixFileMode>();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(InputLines.Valid("a") + "\n" + InputLines.Valid("b") + "\n"));

        await JobSharder.SplitAsync(
            input,
            new JsonlReaderOptions(),
            new ShardLimits(MaxLines: 1),
            (_, _, _) =>
            {
                // The shard's prompts sit in this file while it is published.
                modes.AddRange(spool.Files().Select(File.GetUnixFileMode));
                return Task.CompletedTask;
            },
            spool.Path);

        Assert.Equal(2, modes.Count);
        Assert.All(modes, m => Assert.Equal(UnixFileMode.None, m & GroupOrOther));
    }
}
