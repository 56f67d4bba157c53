using System.Text;
using BatchInference.Orchestrations.Engine.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BatchInference.FunctionApp.Tests.Infrastructure;

/// <summary>ASP.NET Core requests as the worker's HTTP integration hands them to a function, and reading the answers.</summary>
internal static class Requests
{
    public static HttpRequest Post(string path, string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = path;
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    public static HttpRequest Get(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = path;
        return context.Request;
    }

    public static ProblemDetails Problem(IActionResult result, int status)
    {
        var answer = Assert.IsType<ObjectResult>(result);
        Assert.Equal(status, answer.StatusCode);
        Assert.Contains("application/problem+json", answer.ContentTypes);
        var problem = Assert.IsType<ProblemDetails>(answer.Value);
        Assert.Equal(status, problem.Status);
        return problem;
    }

    public static System.Text.Json.Nodes.JsonNode Json(IActionResult result, int status)
    {
        var answer = Assert.IsType<ContentResult>(result);
        Assert.Equal(status, answer.StatusCode);
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        return System.Text.Json.Nodes.JsonNode.Parse(answer.Content!)!;
    }

    public static JobStatusDocument StatusDocument(IActionResult result) =>
        System.Text.Json.JsonSerializer.Deserialize(Assert.IsType<ContentResult>(result).Content!, StatusJsonContext.Default.JobStatusDocument)!;
}
