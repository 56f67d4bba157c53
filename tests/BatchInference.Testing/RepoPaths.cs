namespace BatchInference.Testing;

/// <summary>Locates the repository (the folder holding BatchInference.sln) and the npm tools installed under it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string NodeModules => Path.Combine(Root, "node_modules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BatchInference.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"BatchInference.sln not found above {AppContext.BaseDirectory}; run the tests from inside the repository.");
    }
}
