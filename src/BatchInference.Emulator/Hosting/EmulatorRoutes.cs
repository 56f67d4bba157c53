using BatchInference.Emulator.Usage;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Hosting;

/// <summary>The emulator's URL space.</summary>
internal static class EmulatorRoutes
{
    public const string ChatCompletions = "/v1/chat/completions";
    public const string Completions = "/v1/completions";
    public const string Embeddings = "/v1/embeddings";
    public const string Files = "/v1/files";
    public const string Batches = "/v1/batches";
    public const string AnthropicMessages = "/v1/messages";
    public const string AnthropicMessageBatches = "/v1/messages/batches";
    public const string AdminPrefix = "/_emulator";
    public const string Health = "/health";

    /// <summary>True for paths that imitate the provider's model API (everything but admin, health and organization usage).</summary>
    public static bool IsProviderApi(PathString path) =>
        !path.StartsWithSegments(AdminPrefix, StringComparison.OrdinalIgnoreCase) &&
        !UsageRoutes.IsOrganizationApi(path) &&
        !path.StartsWithSegments(Health, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for Anthropic's Messages and Message Batches paths, which answer in Anthropic's shapes.</summary>
    public static bool IsAnthropicApi(PathString path) =>
        path.StartsWithSegments(AnthropicMessages, StringComparison.OrdinalIgnoreCase);
}
