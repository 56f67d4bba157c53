using System.ClientModel.Primitives;

namespace BatchInference.Providers.Transport;

/// <summary>
/// Sends no credential, for OpenAI-compatible servers that need none (the emulator, a local vLLM or Ollama); better
/// than inventing a fake key that would travel in an Authorization header.
/// </summary>
internal sealed class AnonymousAuthenticationPolicy : AuthenticationPolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessNext(message, pipeline, currentIndex);

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessNextAsync(message, pipeline, currentIndex);
}
