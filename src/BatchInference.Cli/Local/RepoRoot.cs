namespace BatchInference.Cli.Local;

/// <summary>Finds the repository the CLI runs from: its node_modules hold Azurite and DuckDB.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("BI_REPO_ROOT") is { Length: > 0 } fromScript && Directory.Exists(fromScript))
        {
            return fromScript;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "BatchInference.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
