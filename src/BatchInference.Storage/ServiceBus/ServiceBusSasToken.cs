using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// Service Bus shared access signature tokens: HMAC-SHA256, keyed with the UTF-8 bytes of the policy key (not its
/// Base64 decoding), over <c>URL-encoded resource URI + "\n" + expiry</c> (Unix seconds), sent as
/// <c>SharedAccessSignature sr={encoded uri}&amp;sig={encoded signature}&amp;se={expiry}&amp;skn={key name}</c>.
/// The token is a credential: never log it.
/// </summary>
internal static class ServiceBusSasToken
{
    public static string Create(Uri resource, string keyName, string key, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentException.ThrowIfNullOrEmpty(keyName);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var encodedResource = Uri.EscapeDataString(resource.AbsoluteUri);
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(encodedResource + "\n" + expiry)));
        return $"SharedAccessSignature sr={encodedResource}&sig={Uri.EscapeDataString(signature)}&se={expiry}&skn={Uri.EscapeDataString(keyName)}";
    }
}
