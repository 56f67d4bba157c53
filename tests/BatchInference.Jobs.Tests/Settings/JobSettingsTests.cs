using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Settings;

public sealed class JobSettingsTests
{
    private static readonly DateTimeOffset Submitted = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ResolveDeadline_DeadlineAndWindow_DeadlineWins()
    {
        var deadline = Submitted.AddHours(2);
        var settings = new JobSettings { Deadline = deadline, CompletionWindow = TimeSpan.FromHours(72) };

        Assert.Equal(deadline, settings.ResolveDeadline(Submitted));
    }

    [Fact]
    public void ResolveDeadline_OnlyWindow_AddsItToSubmission()
    {
        var settings = new JobSettings { CompletionWindow = TimeSpan.FromMinutes(30) };

        Assert.Equal(Submitted.AddMinutes(30), settings.ResolveDeadline(Submitted));
    }

    [Fact]
    public void ResolveDeadline_Nothing_Is24HoursAfterSubmission()
    {
        Assert.Equal(Submitted.AddHours(24), JobSettings.Default.ResolveDeadline(Submitted));
    }

    [Fact]
    public void Default_HasAutoPolicyAndNoRestrictions()
    {
        var settings = JobSettings.Default;

        Assert.Equal(TierPolicy.Auto, settings.TierPolicy);
        Assert.Empty(settings.AllowedProviders);
        Assert.Empty(settings.AllowedRegions);
        Assert.Empty(settings.Tags);
        Assert.Null(settings.BudgetUsd);
        Assert.Equal(0, settings.Priority);
    }
}
