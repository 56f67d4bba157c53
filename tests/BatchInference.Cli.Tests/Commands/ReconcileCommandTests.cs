using BatchInference.Emulator.Usage;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

/// <summary><c>bi reconcile</c> as a nightly pipeline runs it: configured by environment, exit code 1 on a flagged variance.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ReconcileCommandTests(AzuriteFixture azurite)
{
    private const string AdminKey = "cli-admin-key";

    [Fact]
    public async Task Reconcile_NoAdminKey_ExitsTwoNamingTheSetting()
    {
        await using var parts = await ConfiguredParts.StartAsync(azurite);

        var result = await BiProcess.RunAsync(parts.WorkDirectory, TimeSpan.FromSeconds(60), parts.Environment, "reconcile", "--date", "2030-01-05");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Providers__OpenAI__AdminApiKey", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_ProviderBilledWhatTheLedgerDoesNotHave_FlagsItAndExitsOne()
    {
        // A day nobody ran anything on, where the provider nevertheless reports usage: exactly what reconciliation is for.
        var day = new DateOnly(2030, 1, 6);
        await using var parts = await ConfiguredParts.StartAsync(
            azurite,
            emulator: o =>
            {
                o.AdminApiKey = AdminKey;
                o.UsageDiscrepancies = [new UsageDiscrepancy(day, "gpt-4.1-mini", 4, 20_000, 1_000)];
            },
            settings: new Dictionary<string, string> { ["Providers__OpenAI__AdminApiKey"] = AdminKey });

        var flagged = await BiProcess.RunAsync(parts.WorkDirectory, TimeSpan.FromSeconds(60), parts.Environment, "reconcile", "--date", "2030-01-06");
        var clean = await BiProcess.RunAsync(parts.WorkDirectory, TimeSpan.FromSeconds(60), parts.Environment, "reconcile", "--date", "2030-01-07");

        Assert.True(flagged.ExitCode == 1, flagged.ToString());
        Assert.Contains("gpt-4.1-mini", flagged.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("flagged", flagged.StandardOutput, StringComparison.Ordinal);
        Assert.NotNull(await parts.Blobs.GetPropertiesAsync("reports", "reconciliation/date=2030-01-06/part-openai.parquet"));
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Contains("No usage", clean.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminKey, flagged.StandardOutput + flagged.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_AnthropicReportsTokensTheLedgerLacks_FlagsItAndExitsOne()
    {
        var day = new DateOnly(2030, 1, 8);
        await using var parts = await ConfiguredParts.StartAsync(
            azurite,
            emulator: o =>
            {
                o.AdminApiKey = AdminKey;
                o.Prices = [new UsagePrice("claude-sonnet-4", 3m, 0.3m, 15m)];
                o.UsageDiscrepancies = [new UsageDiscrepancy(day, "claude-sonnet-4", 0, 40_000, 2_000)];
            },
            settings: new Dictionary<string, string>
            {
                ["Providers__Anthropic__AdminApiKey"] = AdminKey,
            });
        parts.Environment["Providers__Anthropic__BaseUrl"] = parts.Emulator.BaseAddress.ToString();

        var result = await BiProcess.RunAsync(
            parts.WorkDirectory, TimeSpan.FromSeconds(60), parts.Environment, "reconcile", "--date", "2030-01-08", "--provider", "anthropic");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("claude-sonnet-4", result.StandardOutput, StringComparison.Ordinal);
        Assert.NotNull(await parts.Blobs.GetPropertiesAsync("reports", "reconciliation/date=2030-01-08/part-anthropic.parquet"));
    }
}
