using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchInference.Functions.Composition;
using BatchInference.Functions.Invocation;
using BatchInference.Jobs.Messages;

namespace BatchInference.Functions.Functions;

/// <summary>
/// <c>JobMessage</c> (serviceBusTrigger on the jobs queue, binding <c>message</c>): a job message other teams send in
/// the format of <c>schemas/job-message.schema.json</c>. The job id comes from the message's <c>message_id</c>, so a
/// redelivered or re-sent message finds the job it started instead of starting a second one; the message's settings
/// replace a sidecar. A malformed message, or one naming a blob that does not exist, is a 400 with every problem listed
/// (the host retries it, then dead-letters it).
/// </summary>
internal sealed class JobMessageFunction(FunctionsPipeline pipeline) : IFunction
{
    public const string BindingName = "message";

    public string Name => "JobMessage";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default)
    {
        var body = Body(request.Binding(BindingName));
        var parsed = JobMessageParser.Parse(body);
        if (!parsed.Succeeded)
        {
            throw new InvalidPayloadException($"Not a valid job message: {parsed.FailureReason}");
        }

        var message = parsed.Message!;
        if (!message.Input.TryResolve(pipeline.BlobEndpoint, out var container, out var blob))
        {
            throw new InvalidPayloadException($"input.url {message.Input.Url} is not a blob in this pipeline's storage account ({pipeline.BlobEndpoint}).");
        }

        string jobId;
        try
        {
            jobId = await pipeline.Engine.SubmitMessageAsync(message.MessageId, container, blob, SettingsJson(body), cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException ex)
        {
            throw new InvalidPayloadException(ex.Message, ex);
        }

        return new InvocationResponse { ReturnValue = new JsonObject { ["job_id"] = jobId } }
            .Log($"Job message {message.MessageId}: job {jobId} for {container}/{blob}.");
    }

    // The host passes a JSON message body either as text or already parsed; the parser wants the UTF-8 bytes.
    private static byte[] Body(JsonNode? node) => node switch
    {
        JsonObject parsed => Encoding.UTF8.GetBytes(parsed.ToJsonString()),
        _ => Encoding.UTF8.GetBytes(PayloadValues.Text(node) ?? string.Empty),
    };

    private static string? SettingsJson(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object
            ? settings.GetRawText()
            : null;
    }
}
