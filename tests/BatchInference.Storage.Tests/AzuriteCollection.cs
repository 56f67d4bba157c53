using BatchInference.Testing;

namespace BatchInference.Storage.Tests;

[CollectionDefinition(AzuriteFixture.CollectionName)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
