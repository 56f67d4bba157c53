using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Api.Auth;

/// <summary>
/// Finds the caller of a request: an API key as OpenAI's clients send it (<c>Authorization: Bearer KEY</c>), or, when
/// <see cref="TrustPlatformPrincipal"/> is on, the Entra ID principal App Service authentication vouches for in
/// <c>X-MS-CLIENT-PRINCIPAL-ID</c> (the platform sets it and strips it from incoming requests, so it can be trusted
/// only when that authentication is enabled in front of the app).
/// </summary>
/// <param name="keyring">The configured keys and principals.</param>
/// <param name="trustPlatformPrincipal">Whether to read the platform's principal header.</param>
public sealed class ApiAuthenticator(ApiKeyring keyring, bool trustPlatformPrincipal = false)
{
    /// <summary>Whether the App Service authentication principal header is read.</summary>
    public bool TrustPlatformPrincipal => trustPlatformPrincipal;

    /// <summary>The caller, or null when the request has no valid credentials.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The caller.</returns>
    public ApiCaller? Authenticate(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7)
        {
            // A bearer that is not one of our keys may still be an Entra token the platform validated.
            if (keyring.FindKey(authorization[7..].Trim()) is { } byKey)
            {
                return byKey;
            }
        }

        return trustPlatformPrincipal && PrincipalId(request) is { } objectId ? keyring.FindPrincipal(objectId) : null;
    }

    // X-MS-CLIENT-PRINCIPAL-ID carries the object id; X-MS-CLIENT-PRINCIPAL (base64 JSON) is read when only it is there.
    private static string? PrincipalId(HttpRequest request)
    {
        if (request.Headers["X-MS-CLIENT-PRINCIPAL-ID"].ToString() is { Length: > 0 } id)
        {
            return id;
        }

        var encoded = request.Headers["X-MS-CLIENT-PRINCIPAL"].ToString();
        if (encoded.Length == 0)
        {
            return null;
        }

        try
        {
            using var principal = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
            if (principal.RootElement.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Array)
            {
                foreach (var claim in claims.EnumerateArray())
                {
                    var type = claim.TryGetProperty("typ", out var t) ? t.GetString() : null;
                    if (type is "http://schemas.microsoft.com/identity/claims/objectidentifier" or "oid")
                    {
                        return claim.TryGetProperty("val", out var v) ? v.GetString() : null;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }

        return null;
    }
}
