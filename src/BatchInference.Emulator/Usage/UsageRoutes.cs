using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Usage;

/// <summary>The organization (admin-key) endpoints: read by the reconciler, never billed, never in the request log.</summary>
internal static class UsageRoutes
{
    public const string CompletionsUsage = "/v1/organization/usage/completions";

    public const string EmbeddingsUsage = "/v1/organization/usage/embeddings";
    public const string Costs = "/v1/organization/costs";

    /// <summary>Anthropic Admin API messages usage report.</summary>
    public const string AnthropicMessagesUsage = "/v1/organizations/usage_report/messages";

    /// <summary>Anthropic Admin API cost report.</summary>
    public const string AnthropicCostReport = "/v1/organizations/cost_report";

    public const string AdminDiscrepancies = "/_emulator/usage/discrepancies";
    public const string AdminFaults = "/_emulator/usage/faults";

    private const string OrganizationPrefix = "/v1/organization";
    private const string AnthropicOrganizationsPrefix = "/v1/organizations";

    public static bool IsOrganizationApi(PathString path) =>
        path.StartsWithSegments(OrganizationPrefix, StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments(AnthropicOrganizationsPrefix, StringComparison.OrdinalIgnoreCase);
}
