using System.Text.Json.Nodes;

namespace BatchInference.Functions.Invocation;

/// <summary>The value of an <c>http</c> output binding in <c>Outputs</c>: <c>{"statusCode", "body", "headers"}</c>.</summary>
internal static class HttpResponseOutput
{
    public static JsonObject Json(int statusCode, JsonNode body) =>
        new()
        {
            ["statusCode"] = statusCode,
            ["body"] = body.ToJsonString(),
            ["headers"] = new JsonObject { ["Content-Type"] = "application/json; charset=utf-8" },
        };

    public static JsonObject Error(int statusCode, string reason) => Json(statusCode, new JsonObject { ["error"] = reason });
}
