using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using BatchInference.Testing;

namespace BatchInference.Infrastructure.Tests;

/// <summary>
/// <c>infra-bicep/main.bicep</c> compiled by the real Bicep CLI (NuGet package Azure.Bicep.CommandLine.linux-x64)
/// into its ARM JSON, once per test class: the compiler's type checks and linter run for real, and the tests read what
/// Azure would be asked to deploy, modules included.
/// </summary>
public sealed class BicepTemplate : IAsyncLifetime
{
    private static readonly TimeSpan CompileTimeout = TimeSpan.FromMinutes(5);

    public static string Directory => Path.Combine(RepoPaths.Root, "infra-bicep");

    /// <summary>The compiled template of main.bicep.</summary>
    public JsonObject Template { get; private set; } = new();

    /// <summary>Everything the compiler wrote to stderr: errors and linter warnings, one per line.</summary>
    public string Diagnostics { get; private set; } = string.Empty;

    /// <summary>The compiler's exit code.</summary>
    public int ExitCode { get; private set; }

    /// <summary>Every resource of the template and of the modules' nested templates.</summary>
    public IEnumerable<JsonObject> AllResources => ResourcesOf(Template);

    /// <summary>The resources of one type (case-insensitive), modules included.</summary>
    public IEnumerable<JsonObject> Resources(string type) =>
        AllResources.Where(r => string.Equals(r["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The nested template of the module deployed under <paramref name="deploymentName"/> (e.g. "eventgrid").</summary>
    public JsonObject Module(string deploymentName) =>
        Resources("Microsoft.Resources/deployments").Single(d => d["name"]?.GetValue<string>() == deploymentName)["properties"]!["template"]!.AsObject();

    public async Task InitializeAsync()
    {
        var (exitCode, output, errors) = await RunAsync("build", Path.Combine(Directory, "main.bicep"), "--stdout");
        (ExitCode, Diagnostics) = (exitCode, errors);
        if (exitCode == 0)
        {
            Template = JsonNode.Parse(output)!.AsObject();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs the Bicep CLI with <paramref name="arguments"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(BicepPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The CLI is a .NET single-file app; without ICU on the machine it needs invariant globalization.
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The Bicep CLI did not start.");
        using var timeout = new CancellationTokenSource(CompileTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {CompileTimeout}.");
        }

        return (process.ExitCode, await output, await errors);
    }

    private static IEnumerable<JsonObject> ResourcesOf(JsonObject template)
    {
        foreach (var resource in template["resources"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            yield return resource;
            // Some resources' properties are one expression string (e.g. app settings), not an object.
            if (resource["properties"] is JsonObject properties && properties["template"] is JsonObject nested)
            {
                foreach (var inner in ResourcesOf(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string BicepPath()
    {
        var root = typeof(BicepTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPackageRoot").Value;
        var path = Path.Combine(root ?? string.Empty, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The Bicep CLI is not at {path}; restore tests/BatchInference.Infrastructure.Tests.");
        }

        // The package is the linux-x64 build, so there is no other platform to handle.
        if (OperatingSystem.IsLinux() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }
}
