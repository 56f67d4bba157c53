using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BatchInference.FunctionApp.OpenAI;

/// <summary>An ASP.NET Core <see cref="IResult"/> (what the Batch API's handlers answer) as the <see cref="IActionResult"/>
/// an HTTP function returns.</summary>
internal sealed class ResultAction(IResult result) : IActionResult
{
    public IResult Result => result;

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return result.ExecuteAsync(context.HttpContext);
    }
}
