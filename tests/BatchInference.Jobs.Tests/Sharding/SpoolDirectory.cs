namespace BatchInference.Jobs.Tests.Sharding;

/// <summary>A fresh, empty directory for one test's shard temp files; removed with everything in it on dispose.</summary>
internal sealed class SpoolDirectory : IDisposable
{
    public SpoolDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bi-sharding-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public IReadOnlyList<string> Files() => Directory.GetFiles(Path);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
