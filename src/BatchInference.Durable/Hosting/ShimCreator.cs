using DurableTask.Core;

namespace BatchInference.Durable.Hosting;

/// <summary>Hands the framework a fresh shim per execution under a registered name (the framework looks creators up by
/// name and the empty version, which is what the shims schedule).</summary>
internal sealed class ShimCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public ShimCreator(string name, Func<T> create)
    {
        Name = name;
        Version = string.Empty;
        _create = create;
    }

    public override T Create() => _create();
}
