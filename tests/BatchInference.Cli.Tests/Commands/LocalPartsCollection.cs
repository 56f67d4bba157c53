namespace BatchInference.Cli.Tests.Commands;

/// <summary>
/// Tests whose bi process starts local parts (<c>--local</c>, <c>bi demo</c>): each may start an Azurite from
/// node_modules, so they run one after another rather than loading the machine with several at once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LocalPartsCollection
{
    public const string Name = "LocalParts";
}
