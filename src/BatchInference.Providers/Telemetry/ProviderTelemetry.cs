using System.Diagnostics;
using System.Diagnostics.Metrics;
using BatchInference.Providers.Realtime;

namespace BatchInference.Providers.Telemetry;

/// <summary>
/// Spans and metrics of provider calls: one client span per HTTP attempt (OpenTelemetry GenAI conventions), and the
/// <c>bi.requests</c>, <c>bi.tokens</c> and <c>bi.rate_limited</c> counters. Only names, ids, counts and statuses are
/// recorded; bodies never are.
/// </summary>
internal static class ProviderTelemetry
{
    // GenAI semantic conventions: gen_ai.system is the name up to v1.36, gen_ai.provider.name its successor; both are set.
    internal const string GenAiSystem = "gen_ai.system";
    internal const string GenAiProviderName = "gen_ai.provider.name";
    internal const string GenAiOperationName = "gen_ai.operation.name";
    internal const string GenAiRequestModel = "gen_ai.request.model";
    internal const string GenAiInputTokens = "gen_ai.usage.input_tokens";
    internal const string GenAiOutputTokens = "gen_ai.usage.output_tokens";
    internal const string HttpStatusCode = "http.response.status_code";
    internal const string ErrorType = "error.type";
    internal const string ProviderTag = "bi.provider";
    internal const string AttemptTag = "bi.attempt";
    private const string OpenAI = "openai";

    private static readonly ActivitySource Source = new(BatchInferenceTelemetry.Name);
    private static readonly Meter Meter = new(BatchInferenceTelemetry.Name);

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "bi.requests", "{request}", "Requests sent in real time, counted once each when they end, by outcome: succeeded, failed, rate_limited.");

    private static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        "bi.tokens", "{token}", "Tokens billed by paid attempts, by direction (input, output) and model.");

    private static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "bi.rate_limited", "{response}", "HTTP 429 answers from providers (each throttled attempt once).");

    /// <summary>Starts the span of one attempt; null when nobody listens.</summary>
    public static Activity? StartAttempt(string provider, RealtimeRequest request, int attempt)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var operation = OperationOf(request.Url);
        var activity = Source.StartActivity($"{operation} {request.Model}", ActivityKind.Client);
        if (activity is not { IsAllDataRequested: true })
        {
            return activity;
        }

        activity.SetTag(GenAiOperationName, operation);
        activity.SetTag(GenAiSystem, OpenAI);
        activity.SetTag(GenAiProviderName, OpenAI);
        activity.SetTag(GenAiRequestModel, request.Model);
        activity.SetTag(ProviderTag, provider);
        activity.SetTag(BatchInferenceTelemetry.TierTag, BatchInferenceTelemetry.RealtimeTier);
        activity.SetTag(AttemptTag, attempt);
        // The job and shard live on the caller's span; copied so provider calls can be queried by job on their own.
        CopyFromAncestor(activity, BatchInferenceTelemetry.JobIdTag);
        CopyFromAncestor(activity, BatchInferenceTelemetry.ShardTag);
        return activity;
    }

    /// <summary>Records an attempt that got an HTTP answer: its status, billed tokens and, for a 429, the throttle counter.</summary>
    public static void AttemptAnswered(Activity? activity, string provider, string model, int statusCode, TokenUsage? usage)
    {
        var tags = ModelTags(provider, model);
        if (statusCode == 429)
        {
            RateLimited.Add(1, tags);
        }

        if (usage is not null)
        {
            Tokens.Add(usage.InputTokens, [.. tags, new("direction", "input")]);
            Tokens.Add(usage.OutputTokens, [.. tags, new("direction", "output")]);
        }

        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(HttpStatusCode, statusCode);
        if (usage is not null)
        {
            activity.SetTag(GenAiInputTokens, usage.InputTokens);
            activity.SetTag(GenAiOutputTokens, usage.OutputTokens);
        }

        if (statusCode is < 200 or > 299)
        {
            var status = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            activity.SetTag(ErrorType, status);
            activity.SetStatus(ActivityStatusCode.Error, "HTTP " + status);
        }
    }

    /// <summary>Records an attempt that got no answer (timeout or transport failure); the exception's message is not kept.</summary>
    public static void AttemptFailed(Activity? activity, Exception exception)
    {
        var type = exception is OperationCanceledException ? "timeout" : exception.GetType().FullName;
        activity?.SetTag(ErrorType, type);
        activity?.SetStatus(ActivityStatusCode.Error, type);
    }

    /// <summary>Counts a request that ended (after all its attempts) and returns its outcome unchanged.</summary>
    public static RealtimeOutcome RequestEnded(string provider, string model, RealtimeOutcome outcome)
    {
        var result = outcome.Succeeded ? "succeeded" : outcome.StatusCode == 429 ? "rate_limited" : "failed";
        Requests.Add(1, [.. ModelTags(provider, model), new("outcome", result)]);
        return outcome;
    }

    internal static string OperationOf(string url) => url switch
    {
        "/v1/embeddings" => "embeddings",
        _ => "chat", // chat completions and responses: both are chat in the GenAI conventions
    };

    private static KeyValuePair<string, object?>[] ModelTags(string provider, string model) =>
    [
        new("tier", BatchInferenceTelemetry.RealtimeTier),
        new("model", model),
        new("provider", provider),
    ];

    private static void CopyFromAncestor(Activity activity, string tag)
    {
        for (var ancestor = activity.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor.GetTagItem(tag) is { } value)
            {
                activity.SetTag(tag, value);
                return;
            }
        }
    }
}
