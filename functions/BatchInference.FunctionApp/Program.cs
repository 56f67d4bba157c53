using BatchInference.FunctionApp.Composition;
using BatchInference.FunctionApp.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The isolated worker the Functions host starts (FUNCTIONS_WORKER_RUNTIME=dotnet-isolated). App settings arrive as
// environment variables; local.settings.json's Values do the same under Core Tools.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication(); // HTTP functions take ASP.NET Core's HttpRequest and return IActionResult
// The Azure SDK logs expected error responses (404 lookups, 409 lost races) as warnings; the adapters make them outcomes.
builder.Logging.AddFilter("Azure", LogLevel.Error);
builder.Services.AddWorkerTelemetry(builder.Configuration);
builder.Services.AddFunctionApp(builder.Configuration, TimeProvider.System);
await builder.Build().RunAsync().ConfigureAwait(false);
