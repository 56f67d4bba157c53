using System.Text.Json.Nodes;

namespace BatchInference.Functions.Invocation;

/// <summary>
/// An HTTP trigger's request as the host forwards it inside the payload (<c>enableForwardingHttpRequest: false</c>):
/// <c>Data.req = {"Url", "Method", "Query", "Headers", "Params", "Body"}</c>; route parameters also appear in Metadata.
/// </summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Body">The body: a string as sent, or JSON the host already parsed.</param>
/// <param name="Params">Route parameters.</param>
/// <param name="Metadata">The invocation's metadata (the fallback for route parameters).</param>
internal sealed record HttpTriggerRequest(string Method, JsonNode? Body, JsonObject Params, JsonObject Metadata)
{
    /// <exception cref="InvalidPayloadException">The binding is missing or is not a request object.</exception>
    public static HttpTriggerRequest From(InvocationRequest request, string bindingName)
    {
        if (request.BindingAsJson(bindingName) is not JsonObject req)
        {
            throw new InvalidPayloadException($"\"Data.{bindingName}\" is not an HTTP request object.");
        }

        var method = PayloadValues.Text(req["Method"])
            ?? throw new InvalidPayloadException($"\"Data.{bindingName}\" has no \"Method\".");
        return new HttpTriggerRequest(method, req["Body"], req["Params"] as JsonObject ?? [], request.Metadata);
    }

    /// <summary>A route parameter, from <c>Params</c> or else from the metadata.</summary>
    public string? RouteValue(string name) => PayloadValues.Text(Params[name]) ?? PayloadValues.Text(Metadata[name]);
}
