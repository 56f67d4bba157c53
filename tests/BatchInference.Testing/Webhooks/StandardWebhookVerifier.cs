using System.Security.Cryptography;
using System.Text;

namespace BatchInference.Testing.Webhooks;

/// <summary>
/// The receiver's side of Standard Webhooks, written from the spec and independently of the pipeline's signer: decode
/// the secret after <c>whsec_</c>, HMAC-SHA256 <c>id.timestamp.body</c>, and accept when any space-separated
/// <c>v1,</c> entry of <c>webhook-signature</c> matches in constant time.
/// </summary>
public static class StandardWebhookVerifier
{
    /// <summary>Whether the signature header is valid for the id, timestamp and body under the secret.</summary>
    public static bool Verify(string secret, string? id, string? timestamp, string? signatureHeader, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (id is null || timestamp is null || signatureHeader is null || !long.TryParse(timestamp, out _))
        {
            return false;
        }

        var key = Convert.FromBase64String(secret.Split('_', 2)[1]);
        using var hmac = new HMACSHA256(key);
        var signed = Encoding.UTF8.GetBytes(id + "." + timestamp + ".").Concat(body).ToArray();
        var expected = hmac.ComputeHash(signed);
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(',', 2);
            if (parts.Length == 2 && parts[0] == "v1")
            {
                var given = new byte[64];
                if (Convert.TryFromBase64String(parts[1], given, out var length)
                    && CryptographicOperations.FixedTimeEquals(given.AsSpan(0, length), expected))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A fresh random <c>whsec_</c> secret of 32 bytes.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
