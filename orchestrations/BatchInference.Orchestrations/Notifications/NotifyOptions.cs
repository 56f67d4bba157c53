using BatchInference.Jobs.Settings;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// How the deployment notifies (the <c>Notify</c> configuration section): its own webhooks (told about every job, besides
/// each job's <c>notify</c> settings), the signing secret, where webhooks may point, and how long deliveries are retried.
/// </summary>
public sealed class NotifyOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Notify";

    /// <summary>Webhooks told about every job of this deployment (<c>Notify:Webhooks:0:Url</c>, <c>…:Events:0</c>).</summary>
    public List<NotifyWebhookOptions> Webhooks { get; } = [];

    /// <summary>
    /// The Standard Webhooks signing secret, <c>whsec_</c> and the base64 key (24–64 random bytes); required once any
    /// webhook is configured or a job asks for one. Never written to job files, results, logs or orchestration history:
    /// the send activity reads it here. In Azure it comes from Key Vault (a Key Vault reference app setting).
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The deployment's Event Grid custom topic, told about every job that ends (<c>Notify:EventGrid:*</c>).</summary>
    public NotifyEventGridOptions EventGrid { get; } = new();

    /// <summary>Allow webhooks to loopback, private, link-local and other non-public addresses (local use and tests only).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Allow plain <c>http</c> webhooks (local use and tests only; the signature then travels unencrypted).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>How long a failing delivery keeps being retried, counted from its first attempt.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The wait before the first retry; each further one waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one send may take (connect, request and response headers) before it counts as failed.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The pipeline's own endpoints (storage, providers, its HTTP API), which no webhook may target. Filled by the host
    /// from its other settings; not read from the <c>Notify</c> section.
    /// </summary>
    public List<Uri> PipelineEndpoints { get; } = [];

    /// <summary>
    /// Reads the <c>Notify</c> section and adds the pipeline's own endpoints: <paramref name="pipelineEndpoints"/> (storage,
    /// providers) and, in Azure, the app's own host name (<c>WEBSITE_HOSTNAME</c>). Not validated here.
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="pipelineEndpoints">The storage and provider endpoints this deployment uses.</param>
    /// <returns>The options.</returns>
    public static NotifyOptions Read(Microsoft.Extensions.Configuration.IConfiguration configuration, IEnumerable<Uri> pipelineEndpoints)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(pipelineEndpoints);
        var options = new NotifyOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(SectionName), options);
        options.PipelineEndpoints.AddRange(pipelineEndpoints);
        if (configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } host && Uri.TryCreate("https://" + host, UriKind.Absolute, out var own))
        {
            options.PipelineEndpoints.Add(own);
        }

        return options;
    }

    private const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    private const string UnresolvedReferenceRule =
        "is a Key Vault reference the platform could not resolve (the secret is missing from the vault, or the app's identity may not read it): " +
        "set it with `az keyvault secret set --name webhook-secret`, or deploy with enableWebhooks=false";

    /// <summary>The signing key: the bytes after <c>whsec_</c>; null when no secret is configured.</summary>
    internal byte[]? SigningKey => WebhookSecret is null ? null : WebhookSigner.ParseSecret(WebhookSecret);

    /// <summary>Throws naming the first setting that is wrong (never showing the secret).</summary>
    public void Validate()
    {
        Require(RetryFor >= TimeSpan.Zero, nameof(RetryFor), "must not be negative");
        Require(FirstRetryDelay > TimeSpan.Zero, nameof(FirstRetryDelay), "must be positive");
        Require(MaxRetryDelay >= FirstRetryDelay, nameof(MaxRetryDelay), "must be at least FirstRetryDelay");
        Require(SendTimeout > TimeSpan.Zero && SendTimeout <= TimeSpan.FromMinutes(5), nameof(SendTimeout), "must be positive and at most 5 minutes");
        if (WebhookSecret is not null)
        {
            // App Service passes a Key Vault reference it cannot resolve on as its own text; say why, not just "not whsec_".
            Require(!WebhookSecret.StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase), nameof(WebhookSecret), UnresolvedReferenceRule);
            Require(WebhookSigner.TryParseSecret(WebhookSecret, out _), nameof(WebhookSecret), WebhookSigner.SecretRule);
        }

        for (var i = 0; i < Webhooks.Count; i++)
        {
            var name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Webhooks:{i}");
            Require(WebhookUrlRules.Check(Webhooks[i].Url, out _) is null, name + ":Url", "must be " + WebhookUrlRules.Expected);
            Require(Webhooks[i].Events.All(WebhookEvents.IsKnown), name + ":Events", "must name known events: " + string.Join(", ", WebhookEvents.Known));
        }

        EventGrid.Validate(AllowHttp);
        Require(Webhooks.Count == 0 || WebhookSecret is not null, nameof(WebhookSecret), "must be set when Notify:Webhooks are configured");
    }

    /// <summary>The deployment's webhooks as subscriptions (no events: all terminal job events).</summary>
    internal IEnumerable<WebhookSubscription> Subscriptions() =>
        Webhooks.Select(w => new WebhookSubscription(w.Url!, w.Events.Count == 0 ? WebhookEvents.JobTerminal : [.. w.Events]));

    internal static void Require(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{SectionName}:{name} {rule}.", SectionName + ":" + name);
        }
    }
}

/// <summary>One deployment-wide webhook (<c>Notify:Webhooks:&lt;n&gt;</c>).</summary>
public sealed class NotifyWebhookOptions
{
    /// <summary>Where to send (https).</summary>
    public string? Url { get; set; }

    /// <summary>The events it wants; empty for every terminal job event.</summary>
    public List<string> Events { get; } = [];
}
