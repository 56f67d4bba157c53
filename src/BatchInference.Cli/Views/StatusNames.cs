using System.Text.Json;
using BatchInference.Orchestrations.State;

namespace BatchInference.Cli.Views;

/// <summary>Statuses as they are written in storage and <c>summary.json</c> (<c>completed_with_errors</c>, <c>running</c>…).</summary>
internal static class StatusNames
{
    public static string Of(JobStatus status) => JsonSerializer.Serialize(status).Trim('"');

    public static string Of(ShardStatus status) => JsonSerializer.Serialize(status).Trim('"');

    /// <summary>The status name with a colour for the console.</summary>
    public static string Colored(JobStatus status) => status switch
    {
        JobStatus.Completed => "[green]completed[/]",
        JobStatus.CompletedWithErrors => "[yellow]completed_with_errors[/]",
        JobStatus.Failed => "[red]failed[/]",
        JobStatus.Cancelled => "[yellow]cancelled[/]",
        JobStatus.BudgetExceeded => "[yellow]budget_exceeded[/]",
        _ => $"[blue]{Of(status)}[/]",
    };
}
