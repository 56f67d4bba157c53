using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BatchInference.Infrastructure.Tests;

/// <summary>
/// The deployment template as the Bicep compiler sees it: it compiles cleanly, and its security defaults are the
/// narrow ones infra-bicep/README.md documents (least-privilege roles, no basic publishing credentials, firewalls
/// and Entra ID sign-in that a parameter can close).
/// </summary>
public sealed partial class InfrastructureTemplateTests(BicepTemplate bicep) : IClassFixture<BicepTemplate>
{
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

    // Roles that can change data ownership or grant access: none of them is needed by the app.
    private static readonly Dictionary<string, string> OwnerLikeRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635"] = "Owner",
        ["b24988ac-6180-42a0-ab88-20f7382dd24c"] = "Contributor",
        ["18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"] = "User Access Administrator",
    };

    [Fact]
    public void Build_MainBicep_CompilesWithoutErrorsOrWarnings()
    {
        Assert.True(bicep.ExitCode == 0 && bicep.Diagnostics.Length == 0, $"bicep build exited {bicep.ExitCode}:\n{bicep.Diagnostics}");
    }

    [Fact]
    public async Task BuildParams_MainBicepparam_CompilesWithoutErrorsOrWarnings()
    {
        var (exitCode, _, errors) = await BicepTemplate.RunAsync("build-params", Path.Combine(BicepTemplate.Directory, "main.bicepparam"), "--stdout");

        Assert.True(exitCode == 0 && errors.Length == 0, $"bicep build-params exited {exitCode}:\n{errors}");
    }

    [Theory]
    [InlineData("main.bicep")]
    [InlineData("main.bicepparam")]
    public async Task Lint_EveryRule_FindsNothing(string file)
    {
        var (exitCode, output, errors) = await BicepTemplate.RunAsync("lint", Path.Combine(BicepTemplate.Directory, file));

        Assert.True(exitCode == 0 && errors.Length == 0 && output.Length == 0, $"bicep lint {file} exited {exitCode}:\n{output}{errors}");
    }

    [Fact]
    public void ApiVersions_EveryResourceType_IsInTheReadmeVerificationTable()
    {
        var readme = File.ReadAllText(Path.Combine(BicepTemplate.Directory, "README.md"));
        var used = bicep.AllResources
            .Select(r => (Type: r["type"]!.GetValue<string>(), Version: r["apiVersion"]?.GetValue<string>()))
            .Where(r => r.Version is not null && !r.Type.Equals("Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .ToList();

        Assert.NotEmpty(used);
        var missing = used.Where(r => !Regex.IsMatch(readme, $@"{Regex.Escape(r.Type)}`?\s*\|\s*`?{Regex.Escape(r.Version!)}")).ToList();
        Assert.True(missing.Count == 0, "Not in README.md's table: " + string.Join(", ", missing.Select(r => $"{r.Type}@{r.Version}")));
    }

    [Fact]
    public void RoleAssignments_EveryRoleGuid_IsDocumentedInTheReadme()
    {
        var readme = File.ReadAllText(Path.Combine(BicepTemplate.Directory, "README.md"));

        var undocumented = RoleAssignments().Select(r => r.RoleId).Distinct().Where(id => !readme.Contains(id, StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.True(undocumented.Count == 0, "Role GUIDs missing from README.md: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void RoleAssignments_AppIdentity_NoOwnerRoleAndBlobDataContributorOnTheAccount()
    {
        var roles = RoleAssignments().ToList();

        Assert.NotEmpty(roles);
        Assert.All(roles, r => Assert.False(OwnerLikeRoles.ContainsKey(r.RoleId), $"{r.Name} grants {OwnerLikeRoles.GetValueOrDefault(r.RoleId)}."));
        Assert.All(roles, r => Assert.Matches(Guid(), r.RoleId));
        Assert.Single(roles, r => r.RoleId == BlobDataContributor && r.Scope.Contains("Microsoft.Storage/storageAccounts'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(QueueDataContributor)]
    [InlineData(TableDataContributor)]
    public void RoleAssignments_DurableTaskHub_QueueAndTableDataContributorOnTheAccount(string roleId)
    {
        // The task hub creates its control/work-item queues and its tables at run time: no narrower scope exists.
        Assert.Single(RoleAssignments(), r => r.RoleId == roleId && r.Scope.Contains("Microsoft.Storage/storageAccounts'", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_BasicPublishingCredentials_OffForFtpAndScm()
    {
        var policies = Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.Equal(["ftp", "scm"], policies.Select(p => LastNamePart(p)).Order());
        Assert.All(policies, p =>
        {
            Assert.Null(p["condition"]);
            Assert.False(p["properties"]!["allow"]!.GetValue<bool>());
        });
        var site = Assert.Single(Resources("Microsoft.Web/sites"));
        Assert.Equal("Disabled", site["properties"]!["siteConfig"]!["ftpsState"]!.GetValue<string>());
    }

    [Fact]
    public void Firewalls_StorageKeyVaultAndServiceBus_FollowTheNetworkParameters()
    {
        var parameters = bicep.Template["parameters"]!;
        Assert.Equal(["Allow", "Deny"], parameters["networkDefaultAction"]!["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("array", parameters["allowedIpRanges"]!["type"]!.GetValue<string>());
        Assert.Equal("string", parameters["appSubnetId"]!["type"]!.GetValue<string>());

        JsonNode[] firewalls =
        [
            Assert.Single(Resources("Microsoft.Storage/storageAccounts"))["properties"]!["networkAcls"]!,
            Assert.Single(Resources("Microsoft.KeyVault/vaults"))["properties"]!["networkAcls"]!,
            Assert.Single(Resources("Microsoft.ServiceBus/namespaces/networkRuleSets"))["properties"]!,
        ];
        Assert.All(firewalls, acl =>
        {
            Assert.Equal("[parameters('network').defaultAction]", acl["defaultAction"]!.GetValue<string>());
            Assert.Contains(acl["copy"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "ipRules");
        });
        var network = bicep.Template["variables"]!["network"]!;
        Assert.Equal("[parameters('networkDefaultAction')]", network["defaultAction"]!.GetValue<string>());
        Assert.Equal("[parameters('allowedIpRanges')]", network["ipRanges"]!.GetValue<string>());
    }

    [Fact]
    public void EasyAuth_ClientIdGiven_EveryRequestButTheBlobTriggersWebhookNeedsAnEntraToken()
    {
        Assert.Equal(string.Empty, bicep.Template["parameters"]!["authClientId"]!["defaultValue"]!.GetValue<string>());
        var auth = Assert.Single(Resources("Microsoft.Web/sites/config"), c => LastNamePart(c) == "authsettingsV2");

        Assert.Equal("[not(empty(parameters('authClientId')))]", auth["condition"]!.GetValue<string>());
        var properties = auth["properties"]!;
        Assert.True(properties["globalValidation"]!["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("Return401", properties["globalValidation"]!["unauthenticatedClientAction"]!.GetValue<string>());
        // Event Grid delivers job drops there with the blobs_extension key and no token (AppWiringTests checks the URL).
        Assert.Equal(["/runtime/webhooks/blobs"], properties["globalValidation"]!["excludedPaths"]!.AsArray().Select(p => p!.GetValue<string>()));
        var entra = properties["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True(entra["enabled"]!.GetValue<bool>());
        Assert.Equal("[parameters('authClientId')]", entra["registration"]!["clientId"]!.GetValue<string>());
    }

    [Fact]
    public void ServiceBus_JobsQueue_DropsResentSubmissionsByMessageId()
    {
        var queues = Resources("Microsoft.ServiceBus/namespaces/queues").ToList();
        var jobs = Assert.Single(queues, q => q["properties"]!["requiresDuplicateDetection"]?.GetValue<bool>() == true);

        Assert.Contains("jobsQueueName", jobs["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("PT10M", jobs["properties"]!["duplicateDetectionHistoryTimeWindow"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("openAiApiKey", "openAiSecretName")]
    [InlineData("webhookSecret", "webhookSecretName")]
    public void KeyVault_Secret_WrittenOnlyWhenItsSecureParameterIsGiven(string parameter, string nameParameter)
    {
        // Empty keeps what the vault holds, so a redeploy never overwrites a secret rotated with az keyvault secret set.
        var declared = bicep.Template["parameters"]![parameter]!;
        Assert.Equal("securestring", declared["type"]!.GetValue<string>());
        Assert.Equal(string.Empty, declared["defaultValue"]!.GetValue<string>());
        var deployment = Assert.Single(Resources("Microsoft.Resources/deployments"), d => d["name"]!.GetValue<string>() == "keyvault");
        Assert.Equal($"[parameters('{parameter}')]", deployment["properties"]!["parameters"]![parameter]!["value"]!.GetValue<string>());

        var secret = Assert.Single(Resources("Microsoft.KeyVault/vaults/secrets"), s => s["name"]!.GetValue<string>().Contains($"parameters('{nameParameter}')", StringComparison.Ordinal));

        Assert.Equal($"[not(empty(parameters('{parameter}')))]", secret["condition"]?.GetValue<string>());
        Assert.Equal($"[parameters('{parameter}')]", secret["properties"]!["value"]!.GetValue<string>());
        Assert.Equal("securestring", bicep.Module("keyvault")["parameters"]![parameter]!["type"]!.GetValue<string>());
    }

    private IEnumerable<JsonObject> Resources(string type) => bicep.Resources(type);

    // Every role assignment with its role GUID, resolved from the module's variables where it is named there.
    private IEnumerable<(string Name, string RoleId, string Scope)> RoleAssignments()
    {
        foreach (var deployment in bicep.AllResources.Where(r => r["properties"] is JsonObject p && p["template"] is JsonObject))
        {
            var template = deployment["properties"]!["template"]!.AsObject();
            var variables = template["variables"];
            foreach (var assignment in (template["resources"]?.AsArray().OfType<JsonObject>() ?? [])
                .Where(r => r["type"]?.GetValue<string>() == "Microsoft.Authorization/roleAssignments"))
            {
                var definition = assignment["properties"]!["roleDefinitionId"]!.GetValue<string>();
                var named = RoleVariable().Match(definition);
                var variable = named.Success ? variables![named.Groups[1].Value] : null;
                var roleId = !named.Success ? Guid().Match(definition).Value
                    : named.Groups[2].Success ? variable![named.Groups[2].Value]!.GetValue<string>() : variable!.GetValue<string>();
                yield return (assignment["name"]!.GetValue<string>(), roleId, assignment["scope"]?.GetValue<string>() ?? string.Empty);
            }
        }
    }

    private static string LastNamePart(JsonObject resource)
    {
        var name = resource["name"]!.GetValue<string>();
        var literal = Regex.Match(name, "'([^']*)'\\)\\]$");
        return literal.Success ? literal.Groups[1].Value : name[(name.LastIndexOf('/') + 1)..];
    }

    [GeneratedRegex(@"variables\('(\w+)'\)(?:\.(\w+))?")]
    private static partial Regex RoleVariable();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();
}
