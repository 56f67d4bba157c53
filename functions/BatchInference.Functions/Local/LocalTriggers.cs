namespace BatchInference.Functions.Local;

/// <summary>Which of the Functions host's triggers the local dispatcher plays.</summary>
[Flags]
internal enum LocalTriggers
{
    None = 0,

    /// <summary>Blobs created under <c>jobs/incoming/</c> → <c>JobDropped</c> (Event Grid on Azure).</summary>
    BlobDrops = 1,

    /// <summary>The engine's queue → <c>EngineWork</c>, and its poison queue → <c>EnginePoison</c>.</summary>
    WorkQueue = 2,

    /// <summary>The <c>NightlySchedule</c> timer → <c>Nightly</c>.</summary>
    Nightly = 4,

    All = BlobDrops | WorkQueue | Nightly,
}
