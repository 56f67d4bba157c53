using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using BatchInference.Storage.Local;

namespace BatchInference.Storage.Tests.Local;

[UnsupportedOSPlatform("windows")] // file modes are checked where they exist
public sealed class OwnedTempFolderTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _prefix = $"bi-owned-test-{Guid.NewGuid():N}-";

    [Fact]
    public void Create_MakesAnOwnerOnlyFolderMarkedWithThisProcessAndDisposeDeletesIt()
    {
        string path;
        using (var folder = OwnedTempFolder.Create(_prefix))
        {
            path = folder.Path;
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
            Assert.Equal(
                Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                File.ReadAllText(Path.Combine(path, OwnedTempFolder.OwnerFileName)));
        }

        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public async Task RemoveOrphans_DeletesFoldersOfDeadOwnersOnly()
    {
        var dead = await ExitedProcessIdAsync();
        var orphan = Folder(dead.ToString(CultureInfo.InvariantCulture));
        var live = Folder(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var unmarked = Folder(null);
        try
        {
            Assert.Equal(1, OwnedTempFolder.RemoveOrphans(_prefix));

            Assert.False(Directory.Exists(orphan));
            Assert.True(Directory.Exists(live));
            Assert.True(Directory.Exists(unmarked));
        }
        finally
        {
            Directory.Delete(live, recursive: true);
            Directory.Delete(unmarked, recursive: true);
        }
    }

    private string Folder(string? owner)
    {
        var path = Directory.CreateTempSubdirectory(_prefix).FullName;
        File.WriteAllText(Path.Combine(path, "prompt.jsonl"), "{}");
        if (owner is not null)
        {
            File.WriteAllText(Path.Combine(path, OwnedTempFolder.OwnerFileName), owner);
        }

        return path;
    }

    private static async Task<int> ExitedProcessIdAsync()
    {
        using var process = Process.Start("true")!;
        await process.WaitForExitAsync();
        return process.Id;
    }
}
