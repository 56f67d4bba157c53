using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Api.Errors;

/// <summary>OpenAI's error answers: <c>{"error":{"message","type","param","code"}}</c> with OpenAI's status codes.</summary>
internal static class ApiErrors
{
    public static IResult Unauthorized() => Error(
        StatusCodes.Status401Unauthorized,
        "Incorrect API key provided. Send a configured key as 'Authorization: Bearer <key>' (see README, \"Use your OpenAI SDK code\").",
        "invalid_request_error", param: null, code: "invalid_api_key");

    public static IResult Invalid(string message, string? param = null, string? code = null) =>
        Error(StatusCodes.Status400BadRequest, message, "invalid_request_error", param, code);

    public static IResult NotFound(string message, string? param = "id") =>
        Error(StatusCodes.Status404NotFound, message, "invalid_request_error", param, code: null);

    public static IResult Conflict(string message) =>
        Error(StatusCodes.Status409Conflict, message, "invalid_request_error", param: null, code: null);

    public static IResult TooLarge(string message, string param) =>
        Error(StatusCodes.Status413RequestEntityTooLarge, message, "invalid_request_error", param, code: "file_too_large");

    public static IResult Error(int status, string message, string type, string? param, string? code) =>
        ApiJson.Result(status, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
        });
}
