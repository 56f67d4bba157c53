namespace BatchInference.Bench;

/// <summary>A benchmark runnable as a subcommand of the bench app.</summary>
internal interface IBenchmark
{
    /// <summary>The subcommand name, e.g. <c>parquet</c>.</summary>
    string Name { get; }

    /// <summary>One line for the help text, including its options.</summary>
    string Description { get; }

    /// <summary>Runs and prints the results; returns the process exit code.</summary>
    Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default);
}
