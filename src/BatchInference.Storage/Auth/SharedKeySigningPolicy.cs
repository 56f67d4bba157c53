using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BatchInference.Storage.Auth;

/// <summary>
/// Signs every attempt with the account key (HMAC-SHA256 over the canonical string). Runs per retry so each
/// attempt carries a fresh <c>x-ms-date</c>; must be the last policy that touches headers.
/// </summary>
internal sealed class SharedKeySigningPolicy : HttpPipelineSynchronousPolicy
{
    private readonly string _accountName;
    private readonly byte[] _key;
    private readonly TimeProvider _timeProvider;

    public SharedKeySigningPolicy(string accountName, byte[] key, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _accountName = accountName;
        _key = key;
        _timeProvider = timeProvider;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", _timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        long? contentLength = request.Content is { } content && content.TryComputeLength(out var length) ? length : null;
        var uri = request.Uri.ToUri();
        var stringToSign = SharedKeyCanonicalizer.BuildStringToSign(
            request.Method.Method,
            request.Headers
                .Where(h => !string.Equals(h.Name, "Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(h => KeyValuePair.Create(h.Name, h.Value)),
            contentLength,
            _accountName,
            uri.AbsolutePath,
            uri.Query);
        request.Headers.SetValue("Authorization", $"SharedKey {_accountName}:{Sign(_key, stringToSign)}");
    }

    internal static string Sign(byte[] key, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
}
