using BatchInference.Jobs.Settings;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Planning;
using BatchInference.Testing;
using static BatchInference.Orchestrations.Tests.Planning.Workloads;

namespace BatchInference.Orchestrations.Tests.Planning;

public sealed class PlannerTests
{
    private static readonly Planner Planner = new();

    [Fact]
    public void Plan_LooseDeadline_BatchesEveryShardAtHalfTheRealtimeCost()
    {
        var shards = Enumerable.Range(0, 3).Select(i => Shard(i, "gpt-4.1-mini", 1_000)).ToList();
        var deadline = Now.AddHours(24);

        var plan = Planner.Plan(new PlanRequest(Now, deadline, JobSettings.Default, shards), BuiltIn());

        Assert.True(plan.Feasible);
        Assert.All(plan.Shards, s => Assert.Equal(("batch", "openai"), (s.Tier, s.Provider)));
        Assert.Equal(plan.AllRealtimeCost / 2, plan.EstimatedCost);
        Assert.Equal(50.0m, plan.SavingsPercent);
        // 1,000 lines × (100 in × 0.40 + 50 out × 1.60) per million = 0.12 USD in real time each.
        Assert.All(plan.Shards, s => Assert.Equal(0.12m, s.RealtimeCost));
        Assert.All(plan.Shards, s => Assert.Equal(Now.AddHours(8), s.EstimatedFinish));
        // Real time for gpt-4.1-mini is 500 requests/minute: each shard needs 2 minutes. The reserves add up, since all
        // three could hedge at once: 1.5 × 2, 4 and 6 minutes, plus the 5-minute margin.
        Assert.Equal(
            [deadline.AddMinutes(-8), deadline.AddMinutes(-11), deadline.AddMinutes(-14)],
            plan.Shards.Select(s => s.LastSafeMoment!.Value));
        Assert.Equal(Now.AddHours(8), plan.EstimatedFinish);
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void Plan_DeadlineShorterThanBatchCompletion_RunsInRealtimeSharingTheRateLimit()
    {
        var shards = Enumerable.Range(0, 3).Select(i => Shard(i, "gpt-4.1-mini", 1_000)).ToList();
        var openAIOnly = JobSettings.Default with { AllowedProviders = ["openai"] };

        var plan = Planner.Plan(new PlanRequest(Now, Now.AddHours(1), openAIOnly, shards), BuiltIn());

        Assert.True(plan.Feasible);
        Assert.All(plan.Shards, s => Assert.Equal(("realtime", "openai"), (s.Tier, s.Provider)));
        Assert.Equal(plan.AllRealtimeCost, plan.EstimatedCost);
        Assert.Equal([Now.AddMinutes(2), Now.AddMinutes(4), Now.AddMinutes(6)], plan.Shards.Select(s => s.EstimatedFinish));
        Assert.All(plan.Shards, s => Assert.Null(s.LastSafeMoment));
        Assert.Contains("batch on openai: p95 finish 2026-11-22 08:00:00Z plus a", plan.Shards[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_DeadlineCoversTwoReserves_BatchesTwoShardsAndRunsTheThirdInRealtime()
    {
        // Real time: 10 minutes per shard. Batch p95: 1 hour. Reserves: 1.5 × 10, 20, 30 minutes.
        var shards = Enumerable.Range(0, 3).Select(i => Shard(i, "m", 1_000)).ToList();
        var deadline = Now.AddMinutes(91);

        var plan = Planner.Plan(new PlanRequest(Now, deadline, JobSettings.Default, shards), Simple());

        Assert.True(plan.Feasible);
        Assert.Equal(["batch", "batch", "realtime"], plan.Shards.Select(s => s.Tier));
        Assert.Equal([deadline.AddMinutes(-15), deadline.AddMinutes(-30)], plan.Shards.Take(2).Select(s => s.LastSafeMoment!.Value));
        // The real-time shard queues behind the two batch shards' fallback work on the same limits.
        Assert.Equal(Now.AddMinutes(30), plan.Shards[2].EstimatedFinish);
        Assert.Equal(plan.Shards[0].EstimatedCost * 2 + plan.Shards[2].EstimatedCost, plan.EstimatedCost);
        Assert.Equal(plan.Shards[2].EstimatedCost * 3, plan.AllRealtimeCost);

        // One model: one group, split across two tiers because the deadline does not leave room for three reserves.
        var group = Assert.Single(plan.Groups);
        Assert.Equal(("m", 3_000L), (group.Model, group.Lines));
        Assert.Equal([0, 1, 2], group.Shards);
        Assert.Equal([("batch", 2), ("realtime", 1)], group.Routes.Select(r => (r.Key[(r.Key.IndexOf('/', StringComparison.Ordinal) + 1)..], r.Value)));
    }

    [Fact]
    public void Plan_ShardOfInvalidLinesOnly_IsFeasibleAtNoCostAndGoesNowhere()
    {
        var shards = new[] { Shard(0, "gpt-4.1-mini", 1_000), new ShardWorkload(1, 0, 0, []) };

        var plan = Planner.Plan(new PlanRequest(Now, Now.AddHours(24), JobSettings.Default, shards), BuiltIn());

        Assert.True(plan.Feasible);
        Assert.Equal((ShardAssignment.NoProvider, 0m, Now), (plan.Shards[1].Provider, plan.Shards[1].EstimatedCost, plan.Shards[1].EstimatedFinish));
        Assert.Empty(plan.Notes);
        Assert.Equal([("gpt-4.1-mini", 1_000L), ((string?)null, 0L)], plan.Groups.Select(g => (g.Model, g.Lines)));
    }

    [Fact]
    public void Plan_FallbackMargin_ComesFromTheCatalogOrTheOptions()
    {
        var shards = new[] { Shard(0, "m", 1_000) };
        var request = new PlanRequest(Now, Now.AddHours(2), JobSettings.Default, shards);

        var catalogMargin = Planner.Plan(request, Simple(margin: "1m"));
        var optionsMargin = new Planner(new PlannerOptions { FallbackMargin = TimeSpan.FromMinutes(7), SafetyFactor = 2 })
            .Plan(request, Catalog(SimpleWithoutMargin));

        Assert.Equal(Now.AddHours(2).AddMinutes(-16), catalogMargin.Shards[0].LastSafeMoment);
        Assert.Equal(Now.AddHours(2).AddMinutes(-27), optionsMargin.Shards[0].LastSafeMoment);
    }

    [Fact]
    public void Plan_ShardOfSeveralModels_IsNotBatched()
    {
        var mixed = Mixed(0,
            new ModelWorkload("gpt-4.1-mini", Chat, 500, 50_000, 25_000),
            new ModelWorkload("text-embedding-3-small", "/v1/embeddings", 500, 50_000, 0));
        var single = Shard(1, "gpt-4.1-mini", 1_000);

        var plan = Planner.Plan(new PlanRequest(Now, Now.AddHours(24), JobSettings.Default, [mixed, single]), BuiltIn());

        Assert.Equal(["realtime", "batch"], plan.Shards.Select(s => s.Tier));
        Assert.Contains("the shard mixes 2 model/endpoint pairs and a provider batch takes one", plan.Shards[0].Reason, StringComparison.Ordinal);
        Assert.True(plan.Feasible);
    }

    [Fact]
    public void Plan_ShardOverTheBatchLineOrByteLimit_RunsInRealtime()
    {
        var shards = new[] { Shard(0, "m", 1_000) };
        var request = new PlanRequest(Now, Now.AddHours(24), JobSettings.Default, shards);

        var lines = Planner.Plan(request, Simple(batchLimits: """{"max_batch_lines": 999}"""));
        var bytes = Planner.Plan(request, Simple(batchLimits: """{"max_batch_bytes": 999999}"""));
        var fits = Planner.Plan(request, Simple(batchLimits: """{"max_batch_lines": 1000, "max_batch_bytes": 1000000}"""));

        Assert.Equal("realtime", lines.Shards[0].Tier);
        Assert.Contains("1,000 lines, over the batch limit of 999", lines.Shards[0].Reason, StringComparison.Ordinal);
        Assert.Equal("realtime", bytes.Shards[0].Tier);
        Assert.Contains("1,000,000 bytes, over the batch limit of 999,999", bytes.Shards[0].Reason, StringComparison.Ordinal);
        Assert.Equal("batch", fits.Shards[0].Tier);
    }

    [Theory]
    [InlineData(TierPolicy.Auto, 24, "flex")]
    [InlineData(TierPolicy.Auto, 2, "flex")]
    [InlineData(TierPolicy.Batch, 24, "batch")]
    [InlineData(TierPolicy.Batch, 2, "realtime")]
    [InlineData(TierPolicy.Flex, 24, "flex")]
    [InlineData(TierPolicy.Realtime, 24, "realtime")]
    [InlineData(TierPolicy.Spot, 24, "realtime")]
    public void Plan_TierPolicy_AllowsItsTierAndRealtime(TierPolicy policy, int hours, string tier)
    {
        // gpt-5-mini: batch and flex both cost half; flex finishes in minutes, batch at p95 8 hours. OpenAI only: Azure
        // OpenAI offers gpt-5-mini in real time at the same price with a larger quota, so it would take the realtime cases.
        var settings = JobSettings.Default with { TierPolicy = policy, AllowedProviders = ["openai"] };

        var plan = Planner.Plan(new PlanRequest(Now, Now.AddHours(hours), settings, [Shard(0, "gpt-5-mini", 1_000)]), BuiltIn());

        Assert.True(plan.Feasible);
        Assert.Equal((tier, "openai"), (plan.Shards[0].Tier, plan.Shards[0].Provider));
    }

    [Fact]
    public void Plan_SpotProviderInTheCatalog_IsUsedWithAHedgeOntoAnotherProvidersRealtime()
    {
        var catalog = new TierCatalog(PriceCatalog.LoadFile(Path.Combine(RepoPaths.Root, "samples", "catalog.emulator.json")));
        var deadline = Now.AddMinutes(1);

        var plan = Planner.Plan(new PlanRequest(Now, deadline, JobSettings.Default, [Shard(0, "gpt-4.1-mini", 900)]), catalog);

        var shard = plan.Shards[0];
        Assert.Equal(("spot", "spot"), (shard.Tier, shard.Provider));
        // 900 lines at 9,000/min: 6 s on spot; the fallback on openai real time needs 6 s × 1.5 + the catalog's 2 s margin.
        Assert.Equal(Now.AddSeconds(6), shard.EstimatedFinish);
        Assert.Equal(deadline.AddSeconds(-11), shard.LastSafeMoment);
        Assert.Contains("real-time reserve on openai", shard.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_AllowedProviders_KeepsToThem()
    {
        var settings = JobSettings.Default with { AllowedProviders = ["AZURE-OPENAI"] };

        var plan = Planner.Plan(new PlanRequest(Now, Now.AddHours(24), settings, [Shard(0, "gpt-4.1-mini", 1_000)]), BuiltIn());

        Assert.Equal(("batch", "azure-openai"), (plan.Shards[0].Tier, plan.Shards[0].Provider));
        Assert.Contains("real-time reserve on azure-openai", plan.Shards[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_AllowedRegionsNoProviderProcessesIn_IsInfeasibleWithoutPickingAForbiddenProvider()
    {
        var settings = JobSettings.Default with { AllowedRegions = ["eu"] };
        var request = new PlanRequest(Now, Now.AddHours(24), settings, [Shard(0, "gpt-4.1-mini", 1_000)]);

        var builtIn = Planner.Plan(request, BuiltIn());
        var inEurope = Planner.Plan(request with { Shards = [Shard(0, "m", 1_000)] }, Simple());

        Assert.False(builtIn.Feasible);
        Assert.Equal(ShardAssignment.NoProvider, builtIn.Shards[0].Provider);
        Assert.Equal(0, builtIn.EstimatedCost);
        Assert.Equal(
            ["Shard 0: no provider allowed by tier_policy, allowed_providers and allowed_regions serves gpt-4.1-mini /v1/chat/completions on one tier"],
            builtIn.Notes);
        Assert.True(inEurope.Feasible);
        Assert.Equal(("batch", "p"), (inEurope.Shards[0].Tier, inEurope.Shards[0].Provider));
    }

    [Fact]
    public void Plan_AnthropicMessages_BatchOnAnthropicAndChatNeverGoesThere()
    {
        var shards = new[] { Shard(0, "claude-haiku-4-5", 1_000, "/v1/messages"), Shard(1, "claude-haiku-4-5", 10) };

        var plan = Planner.Plan(new PlanRequest(Now, Now.AddHours(24), JobSettings.Default, shards), BuiltIn());

        Assert.Equal(("batch", "anthropic"), (plan.Shards[0].Tier, plan.Shards[0].Provider));
        Assert.Equal(Now.AddHours(4), plan.Shards[0].EstimatedFinish);
        Assert.Equal(ShardAssignment.NoProvider, plan.Shards[1].Provider);
        Assert.False(plan.Feasible);
    }

    [Fact]
    public void Plan_NothingMeetsTheDeadline_PlansTheEarliestRealtimeAndIsNotFeasible()
    {
        // 1,000 lines at 100 requests/minute need 10 minutes; the deadline is in 5.
        var plan = Planner.Plan(new PlanRequest(Now, Now.AddMinutes(5), JobSettings.Default, [Shard(0, "m", 1_000)]), Simple());

        Assert.False(plan.Feasible);
        Assert.Equal(("realtime", "p"), (plan.Shards[0].Tier, plan.Shards[0].Provider));
        Assert.Equal(Now.AddMinutes(10), plan.EstimatedFinish);
        Assert.StartsWith("nothing meets the deadline", plan.Shards[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Shard 0 cannot meet the deadline: the earliest option, realtime on p, finishes at 2026-11-22 00:10:00Z.", plan.Notes);
    }

    [Fact]
    public void Plan_EstimateOverBudget_SaysSoInANote()
    {
        var settings = JobSettings.Default with { BudgetUsd = 0.05m };

        var plan = Planner.Plan(new PlanRequest(Now, Now.AddHours(24), settings, [Shard(0, "gpt-4.1-mini", 1_000)]), BuiltIn());

        Assert.Equal(0.06m, plan.EstimatedCost);
        Assert.Contains(
            "The estimated cost 0.06 USD is over the budget of 0.05 USD: the budget guard stops sending lines once it is spent.", plan.Notes);
    }

    [Fact]
    public void Plan_ModelNotInTheCatalog_NamesIt()
    {
        var plan = Planner.Plan(new PlanRequest(Now, Now.AddHours(24), JobSettings.Default, [Shard(0, "gpt-unknown-9", 10)]), BuiltIn());

        Assert.False(plan.Feasible);
        Assert.Contains("Shard 0: no provider in the catalog offers gpt-unknown-9", plan.Notes);
    }

    [Fact]
    public void Plan_NoShards_IsFeasibleAndFree()
    {
        var plan = Planner.Plan(new PlanRequest(Now, Now.AddHours(1), JobSettings.Default, []), BuiltIn());

        Assert.True(plan.Feasible);
        Assert.Equal((0m, 0m, Now), (plan.EstimatedCost, plan.AllRealtimeCost, plan.EstimatedFinish));
        Assert.Null(plan.SavingsPercent);
        Assert.Single(plan.Notes);
    }

    [Fact]
    public void Planner_OptionsOutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Planner(new PlannerOptions { SafetyFactor = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Planner(new PlannerOptions { FallbackMargin = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Planner(new PlannerOptions { AssumedRequestsPerMinute = 0 }));
    }

    private const string SimpleWithoutMargin = """
        {"version": "t", "currency": "USD",
         "prices": [
           {"provider": "p", "model": "m", "tier": "realtime", "input": 2, "cached_input": 1, "output": 8, "limits": {"rpm": 100}},
           {"provider": "p", "model": "m", "tier": "batch", "input": 1, "cached_input": 0.5, "output": 4, "completion": {"p50": "30m", "p95": "1h", "max": "24h"}}
         ]}
        """;
}
