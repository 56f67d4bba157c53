using Azure.Identity;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Providers;
using BatchInference.Providers.Realtime;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Connection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BatchInference.Cli.Composition;

/// <summary>Builds the pipeline's parts from configuration: the CLI's composition root.</summary>
internal sealed class Pipeline
{
    private Pipeline(IBlobStore blobs, JobRunner runner, PriceCatalog catalog, ProviderEndpointOptions provider)
    {
        Blobs = blobs;
        Runner = runner;
        Catalog = catalog;
        Provider = provider;
    }

    public IBlobStore Blobs { get; }

    public JobRunner Runner { get; }

    public PriceCatalog Catalog { get; }

    public ProviderEndpointOptions Provider { get; }

    /// <param name="configuration">Settings (environment variables, appsettings.json).</param>
    /// <param name="storageConnectionString">Overrides <c>Storage:ConnectionString</c> (local runs pass Azurite's).</param>
    /// <param name="providerEndpoint">Overrides <c>Providers:OpenAI:BaseUrl</c> (local runs pass the emulator's).</param>
    /// <param name="loggerFactory">Log sink.</param>
    public static Pipeline Create(
        IConfiguration configuration, string? storageConnectionString, Uri? providerEndpoint, ILoggerFactory loggerFactory)
    {
        var connection = storageConnectionString ?? configuration["Storage:ConnectionString"] ?? "UseDevelopmentStorage=true";
        var blobs = CreateBlobStore(connection, loggerFactory);

        var provider = new ProviderEndpointOptions();
        configuration.GetSection("Providers:OpenAI").Bind(provider);
        if (providerEndpoint is not null)
        {
            provider.BaseUrl = providerEndpoint;
            provider.ApiKey ??= "local-emulator";
        }

        provider.ApiKey ??= Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        var problems = provider.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Providers:OpenAI settings are invalid: " + string.Join("; ", problems));
        }

        var catalogPath = configuration["Pricing:CatalogPath"];
        var catalog = string.IsNullOrWhiteSpace(catalogPath) ? PriceCatalog.BuiltIn() : PriceCatalog.LoadFile(catalogPath);

        var jobOptions = new JobRunnerOptions();
        configuration.GetSection(JobRunnerOptions.SectionName).Bind(jobOptions);

        var client = new RealtimeClient(provider, TimeProvider.System, loggerFactory.CreateLogger<RealtimeClient>());
        var runner = new JobRunner(blobs, client, catalog, TimeProvider.System, jobOptions, loggerFactory.CreateLogger<JobRunner>());
        return new Pipeline(blobs, runner, catalog, provider);
    }

    // An account key or SAS signs requests itself; an endpoint alone means Entra ID (managed identity on Azure).
    private static AzureBlobStore CreateBlobStore(string connectionString, ILoggerFactory loggerFactory)
    {
        var parsed = StorageConnectionString.Parse(connectionString);
        return parsed.HasAccountKey || parsed.HasSharedAccessSignature
            ? new AzureBlobStore(parsed, logger: loggerFactory.CreateLogger<AzureBlobStore>())
            : new AzureBlobStore(parsed.BlobEndpoint, new DefaultAzureCredential(), logger: loggerFactory.CreateLogger<AzureBlobStore>());
    }
}
