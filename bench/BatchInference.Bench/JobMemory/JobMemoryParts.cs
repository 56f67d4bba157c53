using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using Microsoft.Extensions.Logging;

namespace BatchInference.Bench.JobMemory;

/// <summary>What both engines of a <c>job-memory-run</c> child are built from.</summary>
/// <param name="Storage">The storage connection string (Azurite).</param>
/// <param name="Blobs">The blob store, counting checkpoint parts.</param>
/// <param name="Providers">The provider emulator's real-time client.</param>
/// <param name="Catalog">Prices.</param>
/// <param name="Options">Engine settings.</param>
/// <param name="Loggers">Warnings and errors to stderr.</param>
internal sealed record JobMemoryParts(
    string Storage, CheckpointCountingBlobStore Blobs, ProviderSet Providers, PriceCatalog Catalog, EngineOptions Options, ILoggerFactory Loggers);
