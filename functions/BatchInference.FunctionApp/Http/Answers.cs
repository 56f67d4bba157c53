using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BatchInference.FunctionApp.Http;

/// <summary>The HTTP functions' answers: JSON bodies in the job files' snake_case, and RFC 9457 problem details for
/// anything refused (<c>detail</c> says why, for the caller to fix).</summary>
internal static class Answers
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public static IActionResult Json<T>(int statusCode, T body, JsonTypeInfo<T> typeInfo) =>
        new ContentResult { StatusCode = statusCode, ContentType = JsonContentType, Content = JsonSerializer.Serialize(body, typeInfo) };

    public static IActionResult Problem(int statusCode, string title, string detail, HttpRequest? request = null)
    {
        var problem = new ProblemDetails { Status = statusCode, Title = title, Detail = detail, Instance = request?.Path.Value };
        var result = new ObjectResult(problem) { StatusCode = statusCode };
        result.ContentTypes.Add("application/problem+json");
        return result;
    }

    /// <summary>400: the request cannot be right as sent.</summary>
    public static IActionResult BadRequest(string detail, HttpRequest? request = null) =>
        Problem(StatusCodes.Status400BadRequest, "The request is not valid.", detail, request);

    /// <summary>404: no such job or blob.</summary>
    public static IActionResult NotFound(string detail, HttpRequest? request = null) =>
        Problem(StatusCodes.Status404NotFound, "Not found.", detail, request);
}
