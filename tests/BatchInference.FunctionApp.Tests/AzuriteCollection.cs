using BatchInference.Testing;

namespace BatchInference.FunctionApp.Tests;

[CollectionDefinition(AzuriteFixture.CollectionName)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
