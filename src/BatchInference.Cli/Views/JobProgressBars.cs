using System.Globalization;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary>
/// The bars of <see cref="JobProgressView"/>, moved forward from each status read. Counts only grow: a finished job's
/// checkpoints are deleted once merged into its results, so a late read may show less than an earlier one.
/// </summary>
internal sealed class JobProgressBars(ProgressContext context, JobProgressStyle style)
{
    /// <summary>More shards than this get one shards bar instead of one bar each.</summary>
    public const int MaxShardBars = 8;

    private readonly ProgressTask _job = context.AddTask("Job: waiting for a worker to split the input…", maxValue: 1);
    private readonly Dictionary<int, ProgressTask> _shardBars = [];
    private ProgressTask? _shardsBar;
    private long _done;
    private long _succeeded;
    private long _failed;
    private long _invalid;
    private decimal _cost;

    public void Update(JobStatusReport report)
    {
        var job = report.Job;
        var progress = report.Progress;
        _done = Math.Max(_done, progress.Lines);
        _succeeded = Math.Max(_succeeded, progress.Succeeded);
        _failed = Math.Max(_failed, progress.Failed);
        _invalid = Math.Max(_invalid, progress.Invalid);
        _cost = Math.Max(_cost, progress.Cost);

        if (job.ShardCount is { } shardCount)
        {
            _job.MaxValue = Math.Max(1, job.Lines);
            _job.Value = job.Status is JobStatus.Completed or JobStatus.CompletedWithErrors ? _job.MaxValue : Math.Min(_done, _job.MaxValue);
            var shards = style == JobProgressStyle.Compact
                ? string.Create(CultureInfo.InvariantCulture, $" · shards {job.ShardsFinished.Count}/{shardCount}")
                : string.Empty;
            _job.Description = string.Create(
                CultureInfo.InvariantCulture,
                $"{_done:N0}/{job.Lines:N0} lines · [green]{_succeeded:N0} ok[/] · [red]{_failed + _invalid:N0} failed/invalid[/]{shards} · ${_cost:0.0000}{StatusNote(job)}");
            if (style == JobProgressStyle.PerShard)
            {
                UpdateShards(report, shardCount);
            }
        }
        else if (job.CancelRequested)
        {
            _job.Description = "Job: cancel requested before the input was split";
        }

        if (job.Status.IsTerminal())
        {
            _job.StopTask();
            _shardsBar?.StopTask();
            foreach (var bar in _shardBars.Values)
            {
                bar.StopTask();
            }
        }
    }

    private void UpdateShards(JobStatusReport report, int shardCount)
    {
        if (shardCount > MaxShardBars)
        {
            _shardsBar ??= context.AddTask("Shards", maxValue: shardCount);
            _shardsBar.Value = report.Job.ShardsFinished.Count;
            var running = report.Shards.Count(s => s.Status == ShardStatus.Running);
            _shardsBar.Description = string.Create(
                CultureInfo.InvariantCulture, $"Shards: {report.Job.ShardsFinished.Count}/{shardCount} finished · {running} running");
            return;
        }

        foreach (var shard in report.Shards.Where(s => s.Status != ShardStatus.Pending))
        {
            if (!_shardBars.TryGetValue(shard.Index, out var bar))
            {
                bar = context.AddTask($"shard {shard.Index}", maxValue: Math.Max(1, shard.Lines ?? 1));
                _shardBars[shard.Index] = bar;
            }

            bar.Value = shard.Status == ShardStatus.Done ? bar.MaxValue : Math.Max(bar.Value, Math.Min(shard.Progress.Lines, bar.MaxValue));
            bar.Description = string.Create(
                CultureInfo.InvariantCulture,
                $"  shard {shard.Index} {Markup.Escape(StatusNames.Of(shard.Status))} · {bar.Value:N0}/{bar.MaxValue:N0}{(shard.Runs > 1 ? $" · run {shard.Runs}" : string.Empty)}");
            if (shard.Status is ShardStatus.Done or ShardStatus.Stopped)
            {
                bar.StopTask();
            }
        }
    }

    private static string StatusNote(JobState job) => job.Status switch
    {
        JobStatus.Finishing => " · [blue]merging results[/]",
        JobStatus.Cancelled => " · [yellow]cancelled[/]",
        JobStatus.BudgetExceeded => " · [yellow]budget exceeded[/]",
        JobStatus.Failed => " · [red]failed[/]",
        _ when job.CancelRequested => " · [yellow]cancelling[/]",
        _ => string.Empty,
    };
}
