using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.Planning;
using static BatchInference.Orchestrations.Tests.Planning.Workloads;

namespace BatchInference.Orchestrations.Tests.Planning;

public sealed class MixedPlanTests
{
    private static readonly Planner Planner = new();

    [Fact]
    public void Plan_ShardMixingAnthropicAndOpenAILines_RunsInRealTimeEachOnItsOwnProvider_CostingBoth()
    {
        var claude = new ModelWorkload("claude-haiku-4-5-20251001", "/v1/messages", 10, 1_000, 500);
        var gpt = new ModelWorkload("gpt-4o-2024-08-06", Chat, 30, 3_000, 1_500);
        var catalog = BuiltIn();

        // OpenAI and Anthropic only: Azure OpenAI offers gpt-4o at the same price with a larger quota.
        var settings = JobSettings.Default with { AllowedProviders = ["openai", "anthropic"] };
        var plan = Planner.Plan(new PlanRequest(Now, Now.AddHours(24), settings, [Mixed(0, claude, gpt)]), catalog);

        var shard = Assert.Single(plan.Shards);
        Assert.True(plan.Feasible, string.Join("; ", plan.Notes));
        Assert.Equal(("realtime", "openai"), (shard.Tier, shard.Provider)); // the provider of most of its lines
        var alone = Planner.Plan(new PlanRequest(Now, Now.AddHours(24), settings with { TierPolicy = TierPolicy.Realtime },
            [Mixed(0, claude)]), catalog).EstimatedCost
            + Planner.Plan(new PlanRequest(Now, Now.AddHours(24), settings with { TierPolicy = TierPolicy.Realtime },
            [Mixed(0, gpt)]), catalog).EstimatedCost;
        Assert.Equal(alone, shard.EstimatedCost);
        Assert.Contains("claude-haiku-4-5-20251001 /v1/messages on anthropic", shard.Reason, StringComparison.Ordinal);
        Assert.Contains("gpt-4o-2024-08-06 /v1/chat/completions on openai", shard.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MixedShardWithAnUnknownModel_RunUnpriced_PlansTheKnownOnes_AndSaysWhich()
    {
        var known = new ModelWorkload("gpt-4o-mini", Chat, 10, 1_000, 500);
        var unknown = new ModelWorkload("my-fine-tune", Chat, 10, 1_000, 500);
        var settings = JobSettings.Default with { UnknownModel = UnknownModelPolicy.RunUnpriced };

        var plan = Planner.Plan(new PlanRequest(Now, Now.AddHours(24), settings, [Mixed(0, known, unknown)]), BuiltIn());
        var failing = Planner.Plan(new PlanRequest(Now, Now.AddHours(24), JobSettings.Default, [Mixed(0, known, unknown)]), BuiltIn());

        Assert.Equal(ShardAssignment.NoProvider, failing.Shards[0].Provider);
        Assert.NotEqual(ShardAssignment.NoProvider, plan.Shards[0].Provider); // gpt-4o-mini is planned where it runs fastest at its price
        Assert.Contains("my-fine-tune unpriced", plan.Shards[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Shard 0: no provider in the catalog offers my-fine-tune", failing.Notes);
    }
}
