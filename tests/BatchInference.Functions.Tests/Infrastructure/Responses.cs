using System.Text.Json.Nodes;

namespace BatchInference.Functions.Tests.Infrastructure;

/// <summary>Reads what an HTTP-triggered function put into its <c>res</c> output binding.</summary>
internal static class Responses
{
    public static (int StatusCode, JsonObject Body) HttpOutput(JsonObject payload)
    {
        var res = payload["Outputs"]?["res"] as JsonObject ?? throw new InvalidOperationException("No Outputs.res: " + payload.ToJsonString());
        var body = JsonNode.Parse(res["body"]!.GetValue<string>()) as JsonObject ?? throw new InvalidOperationException("res.body is no object");
        Assert.Equal("application/json; charset=utf-8", res["headers"]?["Content-Type"]?.GetValue<string>());
        return (res["statusCode"]!.GetValue<int>(), body);
    }

    public static string Logs(JsonObject payload) => string.Join('\n', payload["Logs"]!.AsArray().Select(l => l!.GetValue<string>()));
}
