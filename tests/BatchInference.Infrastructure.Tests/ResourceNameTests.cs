using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BatchInference.Infrastructure.Tests;

/// <summary>
/// The resource names main.bicep derives from <c>namePrefix</c>, evaluated by the Bicep compiler itself: its <c>names</c>
/// variable, copied as written into a parameters file with a chosen prefix and a real <c>uniqueString</c> suffix, goes
/// through <c>bicep build-params</c>, and each name is checked against its service's naming rules
/// (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules; Event Grid's error reference for
/// topics). ARM would only refuse a bad name at deployment time, in the middle of a deployment.
/// </summary>
public sealed class ResourceNameTests(BicepTemplate bicep) : IClassFixture<BicepTemplate>
{
    // Name in main.bicep's `names` -> the service's rule, as a pattern (length included).
    private static readonly Dictionary<string, string> Rules = new(StringComparer.Ordinal)
    {
        ["storage"] = "^[a-z0-9]{3,24}$", // 3-24 lowercase letters and digits
        ["serviceBus"] = "^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9](?<!-sb)(?<!-mgmt)$", // 6-50, letter first, not -sb/-mgmt last
        ["keyVault"] = "^(?!.*--)[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$", // 3-24, letter first, no consecutive hyphens
        ["plan"] = "^[A-Za-z0-9-]{1,60}$",
        ["functionApp"] = "^[A-Za-z0-9][A-Za-z0-9-]{0,58}[A-Za-z0-9]$", // 2-60, no hyphen at either end
        ["workspace"] = "^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$", // 4-63
        ["appInsights"] = @"^[^%&\\?/\p{Cc}]{0,259}[^%&\\?/\p{Cc}. ]$", // 1-260, not ending in a period or space
        ["systemTopic"] = "^[A-Za-z0-9-]{3,128}$",
        ["jobEventsTopic"] = "^[A-Za-z0-9-]{3,50}$", // custom topics: 3-50
    };

    [Fact]
    public async Task Names_ShortestAndLongestAllowedPrefix_MeetEachServicesNamingRules()
    {
        var parameter = bicep.Template["parameters"]!["namePrefix"]!;
        int[] lengths = [parameter["minLength"]!.GetValue<int>(), parameter["maxLength"]!.GetValue<int>()];

        foreach (var length in lengths)
        {
            var names = await EvaluateNamesAsync(Prefix(length));

            Assert.Equal(Rules.Keys.Order(StringComparer.Ordinal), names.Select(n => n.Key).Order(StringComparer.Ordinal)); // a new name needs its rule here
            var broken = names.Where(n => !Regex.IsMatch(n.Value, Rules[n.Key])).Select(n => $"{n.Key} = {n.Value} ({n.Value.Length})").ToList();
            Assert.True(broken.Count == 0, $"namePrefix of {length} characters: " + string.Join(", ", broken));
        }
    }

    [Fact]
    public async Task JobEventsTopic_PrefixLongerThanAllowed_StillAtMost50Characters()
    {
        // The topic's name is cut like the vault's, so raising namePrefix's maxLength cannot push it past Event Grid's 50.
        var names = await EvaluateNamesAsync(Prefix(45));

        Assert.Matches(Rules["jobEventsTopic"], names["jobEventsTopic"]);
        Assert.StartsWith("evgt-" + Prefix(45), names["jobEventsTopic"], StringComparison.Ordinal);
    }

    // Digit first, both cases: the hardest prefix "letters and digits" allows.
    private static string Prefix(int length) => string.Concat(Enumerable.Range(0, length).Select(i => "9aB"[i % 3]));

    // main.bicep's `var names = { … }` block as written, evaluated by the compiler with namePrefix and suffix given.
    private static async Task<Dictionary<string, string>> EvaluateNamesAsync(string namePrefix)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(BicepTemplate.Directory, "main.bicep"));
        var start = Array.FindIndex(lines, l => l.StartsWith("var names = {", StringComparison.Ordinal));
        Assert.True(start >= 0, "main.bicep has no `var names = {` block.");
        var end = Array.FindIndex(lines, start, l => l == "}");
        var directory = Directory.CreateTempSubdirectory("bi-names-");
        try
        {
            var file = Path.Combine(directory.FullName, "names.bicepparam");
            await File.WriteAllLinesAsync(file, [
                "using none",
                $"var namePrefix = '{namePrefix}'",
                // uniqueString always gives 13 lowercase letters and digits, whatever its arguments.
                "var suffix = uniqueString('resource-group-id', namePrefix)",
                "param names = {",
                .. lines[(start + 1)..(end + 1)],
            ]);
            var (exitCode, output, errors) = await BicepTemplate.RunAsync("build-params", file, "--stdout");
            Assert.True(exitCode == 0 && errors.Length == 0, $"bicep build-params exited {exitCode}:\n{errors}");

            var parameters = JsonNode.Parse(JsonNode.Parse(output)!["parametersJson"]!.GetValue<string>())!;
            return parameters["parameters"]!["names"]!["value"]!.AsObject().ToDictionary(n => n.Key, n => n.Value!.GetValue<string>(), StringComparer.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
