using BatchInference.Functions.Invocation;

namespace BatchInference.Functions.Functions;

/// <summary>One function of the app: the host posts its invocations to <c>/{Name}</c> (the folder of its function.json).</summary>
internal interface IFunction
{
    string Name { get; }

    /// <summary>Runs one invocation. Throw <see cref="InvalidPayloadException"/> for a malformed payload (400); any other
    /// exception fails the invocation (500), which the host retries where the trigger allows it.</summary>
    Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default);
}
