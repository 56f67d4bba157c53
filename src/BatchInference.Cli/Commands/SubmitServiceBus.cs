using System.Security.Cryptography;
using System.Text;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Views;
using BatchInference.Jobs.Messages;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Queues;
using BatchInference.Storage.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi submit FILE --service-bus</c>: uploads the file as a plain submit does, then sends a job message
/// (<c>schemas/job-message.schema.json</c>) to the Service Bus queue other teams use, instead of submitting to the
/// engine directly. The job settings travel in the message, not in a sidecar.
/// </summary>
internal static class SubmitServiceBus
{
    public const string ConnectionStringSetting = "ServiceBus:ConnectionString";
    public const string QueueSetting = "ServiceBus:JobsQueue";
    public const string DefaultQueue = "batch-jobs";

    /// <summary>Sends the job message for <paramref name="input"/>; prints the job id the message will start.</summary>
    /// <exception cref="UsageException">Service Bus is not configured, the flags' settings are invalid, or --local is set.</exception>
    /// <exception cref="ServiceBusRequestException">The send failed (namespace unreachable, credential refused, no such
    /// queue); the message names the queue and namespace.</exception>
    public static async Task<int> RunAsync(
        IConfiguration configuration, FileInfo input, byte[]? sidecarJson, bool local, LogLevel logLevel, CancellationToken cancellationToken = default)
    {
        if (local)
        {
            throw new UsageException("--service-bus cannot be combined with --local: no Service Bus runs locally (local jobs go through the Storage Queue).");
        }

        // Everything that can be checked without the network is, before anything is uploaded.
        var serviceBus = ConnectionSettings(configuration);
        var queueName = QueueName(configuration);
        var settings = Settings(sidecarJson);
        var console = Consoles.Error;
        using var loggers = CommonOptions.CreateLoggerFactory(logLevel);
        await using var pipeline = await Pipeline.StartAsync(configuration, new PipelineSettings(), console, loggers, cancellationToken);
        var blobName = await JobUpload.UploadAsync(pipeline.Blobs, input.FullName, sidecarJson: null, TimeProvider.System, cancellationToken);
        var message = BuildMessage(StorageLayout.JobsContainer, blobName, settings);
        await using (var client = ServiceBusClientFactory.CreateClient(serviceBus))
        await using (var queue = new ServiceBusWorkQueue(client, queueName, logger: loggers.CreateLogger<ServiceBusWorkQueue>()))
        {
            await SendAsync(queue, message, cancellationToken);
        }

        console.MarkupLineInterpolated(
            $"Sent job message [blue]{message.MessageId}[/] for [blue]{StorageLayout.JobsContainer}/{blobName}[/] to Service Bus queue {queueName} on {serviceBus.FullyQualifiedNamespace}; it starts job [green]{message.JobId}[/]. Follow it: bi status {message.JobId} --watch");
        await Console.Out.WriteLineAsync(message.JobId);
        return ExitCodes.Ok;
    }

    /// <summary>The namespace: <see cref="ConnectionStringSetting"/>, or <c>ServiceBus:fullyQualifiedNamespace</c>
    /// signed in with DefaultAzureCredential.</summary>
    /// <exception cref="UsageException">Neither is set, or a setting is invalid (the message never repeats the key).</exception>
    public static ServiceBusConnectionSettings ConnectionSettings(IConfiguration configuration)
    {
        try
        {
            return ServiceBusConnectionSettings.From(configuration) ?? throw new UsageException(
                $"--service-bus needs a Service Bus namespace: set {ConnectionStringSetting} (environment variable {ConnectionStringSetting.Replace(":", "__", StringComparison.Ordinal)}), or ServiceBus__fullyQualifiedNamespace to sign in with DefaultAzureCredential.");
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }

    /// <summary><see cref="QueueSetting"/>, default <see cref="DefaultQueue"/>.</summary>
    public static string QueueName(IConfiguration configuration) =>
        configuration[QueueSetting] is { Length: > 0 } configured ? configured : DefaultQueue;

    /// <summary>
    /// The message for an uploaded blob. Its id is derived from the blob's path, which is unique per upload: every
    /// retry of this send (the SDK's, or a re-send of the same message) carries the same id, so Service Bus duplicate
    /// detection drops the copies and the consumer maps them to one job.
    /// </summary>
    public static JobMessage BuildMessage(string container, string blobName, JobSettings settings)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(container + "/" + blobName));
        return new JobMessage("bi-submit-" + Convert.ToHexStringLower(hash.AsSpan(0, 16)), JobMessageInput.Blob(container, blobName), settings);
    }

    /// <summary>Sends <paramref name="message"/> as JSON with its <see cref="JobMessage.MessageId"/> as the Service Bus MessageId.</summary>
    public static Task<QueueReceipt> SendAsync(ServiceBusWorkQueue queue, JobMessage message, CancellationToken cancellationToken = default) =>
        queue.SendAsync(new BinaryData(JobMessageWriter.Write(message), "application/json"), message.MessageId, delay: null, cancellationToken);

    private static JobSettings Settings(byte[]? sidecarJson)
    {
        if (sidecarJson is null)
        {
            return JobSettings.Default;
        }

        var result = JobSettingsParser.Parse(null, sidecarJson);
        return result.Settings ?? throw new UsageException(result.FailureReason!);
    }
}
