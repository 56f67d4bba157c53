namespace BatchInference.Bench.JobMemory;

/// <summary>One child's result, with the build that ran it and the round it ran in.</summary>
/// <param name="Build"><see cref="This"/> or <see cref="Baseline"/>.</param>
/// <param name="Round">1, 2, …: each round runs every size on every build.</param>
/// <param name="Result">What the child reported.</param>
internal sealed record JobMemoryRunOf(string Build, int Round, JobMemoryResult Result)
{
    /// <summary>This build.</summary>
    public const string This = "this";

    /// <summary>The build given by <c>--baseline</c>.</summary>
    public const string Baseline = "baseline";

    /// <summary>The engine that ran the job: a build before the Durable engine reports none and ran the queue engine.</summary>
    public string Engine => Result.Engine ?? "queue";
}
