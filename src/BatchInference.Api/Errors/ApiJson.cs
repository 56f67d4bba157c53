using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Api.Errors;

/// <summary>JSON answers written as built (snake_case field names are spelled out where the objects are made).</summary>
internal static class ApiJson
{
    public static IResult Result(int status, JsonNode body) =>
        Results.Text(body.ToJsonString(Options), "application/json", System.Text.Encoding.UTF8, status);

    // A JSON body, not HTML: quotes and angle brackets in messages stay as written, as OpenAI's answers have them.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Ok(JsonNode body) => Result(StatusCodes.Status200OK, body);

    /// <summary>OpenAI's list envelope: <c>{"object":"list","data",…,"first_id","last_id","has_more"}</c>.</summary>
    public static JsonObject List(IReadOnlyList<JsonObject> items, bool hasMore) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. items]),
        ["first_id"] = items.Count > 0 ? items[0]["id"]?.DeepClone() : null,
        ["last_id"] = items.Count > 0 ? items[^1]["id"]?.DeepClone() : null,
        ["has_more"] = hasMore,
    };
}
