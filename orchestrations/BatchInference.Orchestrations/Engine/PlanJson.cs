using System.Text.Json;
using BatchInference.Orchestrations.Planning;

namespace BatchInference.Orchestrations.Engine;

/// <summary>A <see cref="JobPlan"/> as JSON: <c>work/&lt;jobId&gt;/plan.json</c> and <c>bi plan --format json</c>.</summary>
public static class PlanJson
{
    /// <summary>The plan as indented UTF-8 JSON (snake_case members, times in ISO 8601 UTC, money as JSON numbers).</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="deadline">The deadline it was made for.</param>
    /// <returns>The document.</returns>
    public static byte[] ToBytes(JobPlan plan, DateTimeOffset deadline)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("deadline", deadline.ToUniversalTime());
            json.WriteBoolean("feasible", plan.Feasible);
            json.WriteNumber("estimated_cost_usd", plan.EstimatedCost);
            json.WriteNumber("all_realtime_cost_usd", plan.AllRealtimeCost);
            json.WriteNumber("savings_usd", plan.Savings);
            if (plan.SavingsPercent is { } percent)
            {
                json.WriteNumber("savings_percent", percent);
            }

            WriteFinish(json, plan.EstimatedFinish);
            WriteGroups(json, plan.Groups);
            json.WriteStartArray("shards");
            foreach (var shard in plan.Shards)
            {
                json.WriteStartObject();
                json.WriteNumber("shard", shard.Shard);
                json.WriteString("tier", shard.Tier);
                json.WriteString("provider", shard.Provider);
                json.WriteNumber("estimated_cost_usd", shard.EstimatedCost);
                json.WriteNumber("realtime_cost_usd", shard.RealtimeCost);
                WriteFinish(json, shard.EstimatedFinish);
                if (shard.LastSafeMoment is { } last)
                {
                    json.WriteString("last_safe_moment", last.ToUniversalTime());
                }

                json.WriteString("reason", shard.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("notes");
            foreach (var note in plan.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    // The plan by endpoint and model: which shards hold each, and where they go.
    private static void WriteGroups(Utf8JsonWriter json, IReadOnlyList<PlanGroup> groups)
    {
        json.WriteStartArray("groups");
        foreach (var group in groups)
        {
            json.WriteStartObject();
            json.WriteString("model", group.Model);
            json.WriteString("url", group.Url);
            json.WriteNumber("lines", group.Lines);
            json.WriteStartArray("shards");
            foreach (var shard in group.Shards)
            {
                json.WriteNumberValue(shard);
            }

            json.WriteEndArray();
            json.WriteStartObject("routes");
            foreach (var (route, count) in group.Routes)
            {
                json.WriteNumber(route, count);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // A shard no allowed provider can serve never finishes: null, not the year 9999.
    private static void WriteFinish(Utf8JsonWriter json, DateTimeOffset finish)
    {
        if (finish == DateTimeOffset.MaxValue)
        {
            json.WriteNull("estimated_finish");
        }
        else
        {
            json.WriteString("estimated_finish", finish.ToUniversalTime());
        }
    }
}
