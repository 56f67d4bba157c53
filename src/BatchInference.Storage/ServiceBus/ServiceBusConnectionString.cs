namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// A Service Bus connection string as the Azure portal shows it:
/// <c>Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…[;EntityPath=queue]</c>, or the
/// development emulator's form with <c>UseDevelopmentEmulator=true</c> (plain HTTP to the endpoint's host and port, as the
/// Azure SDKs read it). Keys are case-insensitive and may come in any order; values may contain <c>=</c> (Base64 keys
/// do). <see cref="ToString"/> leaves the key out.
/// </summary>
public sealed class ServiceBusConnectionString
{
    private ServiceBusConnectionString(Uri endpoint, string sharedAccessKeyName, string sharedAccessKey, string? entityPath, bool useDevelopmentEmulator)
    {
        Endpoint = endpoint;
        SharedAccessKeyName = sharedAccessKeyName;
        SharedAccessKey = sharedAccessKey;
        EntityPath = entityPath;
        UseDevelopmentEmulator = useDevelopmentEmulator;
    }

    /// <summary>The namespace's HTTPS endpoint (the connection string's <c>sb://</c> scheme becomes <c>https://</c>), e.g.
    /// <c>https://ns.servicebus.windows.net/</c>; with <see cref="UseDevelopmentEmulator"/> it is <c>http://</c> on the
    /// given host and port (e.g. <c>sb://localhost:5300</c> becomes <c>http://localhost:5300/</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>The name of the shared access policy, e.g. <c>RootManageSharedAccessKey</c>.</summary>
    public string SharedAccessKeyName { get; }

    /// <summary>The policy's key. A secret: never log it.</summary>
    public string SharedAccessKey { get; }

    /// <summary>The queue the string is scoped to, when it names one.</summary>
    public string? EntityPath { get; }

    /// <summary>
    /// True for the Service Bus emulator's form (<c>UseDevelopmentEmulator=true</c>): requests go over plain HTTP (no
    /// TLS) to the endpoint's host and port, signed with the same SAS scheme. Never set it for a real namespace: a SAS
    /// token sent over plain HTTP can be read on the way.
    /// </summary>
    public bool UseDevelopmentEmulator { get; }

    /// <summary>Parses a connection string.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The parsed connection string.</returns>
    /// <exception cref="FormatException">A part is malformed or Endpoint, SharedAccessKeyName or SharedAccessKey is
    /// missing; the message never repeats the key.</exception>
    public static ServiceBusConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException("A Service Bus connection string part is not 'Name=Value'.");
            }

            var name = segment[..equals].Trim();
            if (!parts.TryAdd(name, segment[(equals + 1)..].Trim()))
            {
                throw new FormatException($"The Service Bus connection string names '{name}' twice.");
            }
        }

        var emulator = parts.TryGetValue("UseDevelopmentEmulator", out var flag) && ParseFlag(flag);
        var endpoint = ParseEndpoint(Required(parts, "Endpoint"), emulator);
        var keyName = Required(parts, "SharedAccessKeyName");
        var key = Required(parts, "SharedAccessKey");
        parts.TryGetValue("EntityPath", out var entityPath);
        return new ServiceBusConnectionString(endpoint, keyName, key, string.IsNullOrEmpty(entityPath) ? null : entityPath, emulator);
    }

    /// <summary>The connection string without its key.</summary>
    /// <returns>e.g. <c>Endpoint=https://ns.servicebus.windows.net/;SharedAccessKeyName=send;EntityPath=q</c>.</returns>
    public override string ToString() =>
        $"Endpoint={Endpoint};SharedAccessKeyName={SharedAccessKeyName}"
        + (EntityPath is null ? string.Empty : $";EntityPath={EntityPath}")
        + (UseDevelopmentEmulator ? ";UseDevelopmentEmulator=true" : string.Empty);

    private static string Required(Dictionary<string, string> parts, string name) =>
        parts.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"The Service Bus connection string has no {name}.");

    private static bool ParseFlag(string value) =>
        bool.TryParse(value, out var flag)
            ? flag
            : throw new FormatException($"The Service Bus connection string's UseDevelopmentEmulator is '{value}'; expected true or false.");

    private static Uri ParseEndpoint(string value, bool emulator)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"The Service Bus connection string's Endpoint '{value}' is not an absolute URI.");
        }

        if (emulator)
        {
            if (uri.Scheme is not ("sb" or "http"))
            {
                throw new FormatException($"With UseDevelopmentEmulator=true the Endpoint must be sb:// or http:// (is '{uri.Scheme}').");
            }

            // sb:// has no default port, so Uri reports -1 for it; the emulator's HTTP side then answers on 80.
            return new Uri(uri.Port > 0 ? $"http://{uri.Host}:{uri.Port}/" : $"http://{uri.Host}/");
        }

        var scheme = uri.Scheme switch
        {
            "sb" or "https" => Uri.UriSchemeHttps,
            // Loopback test servers speak plain HTTP; a real namespace never does.
            "http" => Uri.UriSchemeHttp,
            _ => throw new FormatException($"The Service Bus connection string's Endpoint has scheme '{uri.Scheme}'; expected sb:// or https://."),
        };
        var port = uri.IsDefaultPort || uri.Scheme == "sb" ? string.Empty : $":{uri.Port}";
        return new Uri($"{scheme}://{uri.Host}{port}/");
    }
}
