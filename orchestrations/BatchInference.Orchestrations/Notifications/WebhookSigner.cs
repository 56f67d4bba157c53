using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// Standard Webhooks signing (standardwebhooks.com): <c>webhook-signature: v1,&lt;base64 HMAC-SHA256&gt;</c> of
/// <c>"{webhook-id}.{webhook-timestamp}.{body}"</c>, keyed with the base64-decoded part of a <c>whsec_</c> secret.
/// A few lines of HMAC, so no library (docs/notifications.md).
/// </summary>
internal static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    public const string SecretRule = "must be \"whsec_\" followed by a base64 key of 24 to 64 bytes";

    /// <summary>The <c>webhook-signature</c> value.</summary>
    public static string Sign(byte[] key, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{webhookId}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    public static bool TryParseSecret(string secret, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = secret[SecretPrefix.Length..];
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(encoded, buffer, out var length) || length is < 24 or > 64)
        {
            return false;
        }

        key = buffer[..length];
        return true;
    }

    public static byte[] ParseSecret(string secret) =>
        TryParseSecret(secret, out var key) ? key : throw new ArgumentException($"{NotifyOptions.SectionName}:WebhookSecret {SecretRule}.");
}
