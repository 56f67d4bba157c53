using BatchInference.Testing;

namespace BatchInference.Durable.Tests;

[CollectionDefinition(AzuriteFixture.CollectionName)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
