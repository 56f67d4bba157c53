using Azure.Core;
using Azure.Core.Pipeline;

namespace BatchInference.Storage.Auth;

/// <summary>Stamps the REST API version every Storage request must name.</summary>
internal sealed class StorageVersionPolicy : HttpPipelineSynchronousPolicy
{
    /// <summary>A version both Azure and Azurite 3.37 accept (Azurite is started with --skipApiVersionCheck anyway).</summary>
    public const string ApiVersion = "2023-11-03";

    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue("x-ms-version", ApiVersion);
}
