namespace BatchInference.Cli.Local;

/// <summary>How a <c>--local</c> command finds its Azurite when none listens on the default port 10000.</summary>
internal enum LocalStorageMode
{
    /// <summary>Start a private Azurite on free ports for this command alone (<c>bi run</c>, <c>bi demo</c>).</summary>
    StartPrivate,

    /// <summary>
    /// Start one on the default ports 10000–10002, so that <c>bi submit/status/jobs/cancel --local</c> in other shells
    /// reach it while this command runs (<c>bi worker --local</c>).
    /// </summary>
    StartShared,

    /// <summary>
    /// Start nothing: a command that returns at once (<c>bi submit</c>, <c>bi status</c>…) would take an Azurite it
    /// started, and the job in it, down with it.
    /// </summary>
    ReuseOnly,
}
