namespace BatchInference.Cli.Local;

/// <summary>
/// Where a <c>--local</c> command's storage comes from when no <c>Storage:ConnectionString</c> is configured (a
/// configured one always wins). Never from whatever happens to listen on Azurite's default ports.
/// </summary>
internal enum LocalStorageMode
{
    /// <summary>Start a private Azurite on free ports for this command alone (<c>bi run</c>, <c>bi demo</c>).</summary>
    StartPrivate,

    /// <summary>
    /// Use the Azurite another command of this user publishes (<see cref="LocalSession"/>), else start one on free ports
    /// and publish it, so that <c>bi submit/status/jobs/cancel --local</c> in other shells reach it while this command
    /// runs (<c>bi worker --local</c>).
    /// </summary>
    StartShared,

    /// <summary>
    /// Use the published Azurite, start nothing: a command that returns at once (<c>bi submit</c>, <c>bi status</c>…)
    /// would take an Azurite it started, and the job in it, down with it.
    /// </summary>
    ReuseOnly,
}
