using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using BatchInference.Jobs.Messages;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Messages;

/// <summary>Holds <c>schemas/job-message.schema.json</c> to the parser's field set and rules, so the two cannot drift.</summary>
public sealed class JobMessageFieldsTests
{
    private static readonly Lazy<JsonElement> Schema = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(MessageExamples.SchemaPath));
        return document.RootElement.Clone();
    });

    private static JsonElement Root => Schema.Value;

    private static JsonElement Input => Root.GetProperty("properties").GetProperty("input");

    private static JsonElement SettingsSchema => Root.GetProperty("properties").GetProperty("settings");

    [Fact]
    public void Schema_Dialect_Is202012AndStrict()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Root.GetProperty("$schema").GetString());
        Assert.False(Root.GetProperty("additionalProperties").GetBoolean());
        Assert.False(Input.GetProperty("additionalProperties").GetBoolean());
        Assert.False(SettingsSchema.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Schema_Required_MatchesParser()
    {
        Assert.Equal(Sorted(JobMessageFields.Required), Sorted(Strings(Root.GetProperty("required"))));
    }

    [Fact]
    public void Schema_TopLevelProperties_MatchParser()
    {
        Assert.Equal(Sorted(JobMessageFields.TopLevel), Sorted(PropertyNames(Root)));
    }

    [Fact]
    public void Schema_InputProperties_MatchParser()
    {
        Assert.Equal(Sorted(JobMessageFields.InputFields), Sorted(PropertyNames(Input)));
        var branches = Input.GetProperty("oneOf").EnumerateArray().Select(b => string.Join(",", Sorted(Strings(b.GetProperty("required"))))).ToArray();
        Assert.Equal(["blob,container", "url"], branches);
    }

    [Fact]
    public void Schema_SettingsProperties_MatchSidecarKeys()
    {
        Assert.Equal(Sorted(JobMessageFields.SettingsFields), Sorted(PropertyNames(SettingsSchema)));

        // The parser hands settings to the sidecar reader: every key the schema lists must be one it knows.
        foreach (var key in PropertyNames(SettingsSchema))
        {
            var result = JobMessageParser.Parse(MessageExamples.Message($$"""{"{{key}}": null}"""));
            Assert.True(result.Succeeded, key + ": " + result.FailureReason);
        }
    }

    [Fact]
    public void Schema_TierPolicyEnum_MatchesTierPolicyValues()
    {
        var schemaValues = SettingsSchema.GetProperty("properties").GetProperty("tier_policy").GetProperty("enum")
            .EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null).Select(v => v.GetString()!).ToArray();
        var enumNames = typeof(TierPolicy).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name).ToArray();

        Assert.Equal(Sorted(enumNames), Sorted(schemaValues));
        Assert.Equal(Sorted(JobMessageFields.TierPolicies), Sorted(schemaValues));
    }

    [Fact]
    public void Schema_SchemaVersion_IsTheCurrentOne()
    {
        Assert.Equal(JobMessage.CurrentSchemaVersion, Root.GetProperty("properties").GetProperty("schema_version").GetProperty("const").GetInt32());
    }

    [Fact]
    public void Schema_Lengths_MatchParser()
    {
        var container = Input.GetProperty("properties").GetProperty("container");
        Assert.Equal(JobMessageFields.MinContainerLength, container.GetProperty("minLength").GetInt32());
        Assert.Equal(JobMessageFields.MaxContainerLength, container.GetProperty("maxLength").GetInt32());
        Assert.Equal(JobMessageFields.MaxBlobNameLength, Input.GetProperty("properties").GetProperty("blob").GetProperty("maxLength").GetInt32());
        Assert.Contains("{1," + JobMessageFields.MaxMessageIdLength + "}", Pattern(Root, "message_id"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jobs")]
    [InlineData("my-jobs-2")]
    [InlineData("abc")]
    [InlineData("Jobs")]
    [InlineData("my--jobs")]
    [InlineData("-jobs")]
    [InlineData("jobs-")]
    [InlineData("jobs_1")]
    [InlineData("a1")]
    public void Schema_ContainerPattern_AgreesWithParser(string container)
    {
        var schema = Input.GetProperty("properties").GetProperty("container");
        var bySchema = Matches(schema.GetProperty("pattern").GetString()!, container)
            && container.Length >= schema.GetProperty("minLength").GetInt32() && container.Length <= schema.GetProperty("maxLength").GetInt32();
        var json = $$$"""{"schema_version": 1, "message_id": "m", "input": {"container": "{{{container}}}", "blob": "a"}}""";

        Assert.Equal(bySchema, JobMessageParser.Parse(System.Text.Encoding.UTF8.GetBytes(json)).Succeeded);
    }

    [Theory]
    [InlineData("m-1")]
    [InlineData("team/run:2026-11-23T06:00Z")]
    [InlineData("with space")]
    [InlineData("tab\\there")]
    [InlineData("caf\\u00e9")]
    [InlineData("!~")]
    public void Schema_MessageIdPattern_AgreesWithParser(string jsonEscaped)
    {
        var value = JsonSerializer.Deserialize<string>($"\"{jsonEscaped}\"")!;
        var json = $$$"""{"schema_version": 1, "message_id": "{{{jsonEscaped}}}", "input": {"container": "jobs", "blob": "a"}}""";

        Assert.Equal(Matches(Pattern(Root, "message_id"), value), JobMessageParser.Parse(System.Text.Encoding.UTF8.GetBytes(json)).Succeeded);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/jobs/a.jsonl")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/jobs/a.jsonl")]
    [InlineData("https://acct.blob.core.windows.net/jobs/")]
    [InlineData("https://acct.blob.core.windows.net//a.jsonl")]
    [InlineData("https://acct.blob.core.windows.net/jobs/a.jsonl#top")]
    [InlineData("HTTPS://acct.blob.core.windows.net/jobs/a.jsonl")]
    [InlineData("https:///jobs/a.jsonl")]
    public void Schema_UrlPattern_AgreesWithParser(string url)
    {
        var json = $$$"""{"schema_version": 1, "message_id": "m", "input": {"url": "{{{url}}}"}}""";

        Assert.Equal(Matches(Pattern(Input, "url"), url), JobMessageParser.Parse(System.Text.Encoding.UTF8.GetBytes(json)).Succeeded);
    }

    [Theory]
    [InlineData("completion_window", "30m")]
    [InlineData("completion_window", "90s")]
    [InlineData("completion_window", "04h")]
    [InlineData("completion_window", "4H")]
    [InlineData("completion_window", " 4h")]
    [InlineData("completion_window", "0h")]
    [InlineData("deadline", "2026-11-23T06:00:00Z")]
    [InlineData("deadline", "2026-11-23T06:00Z")]
    [InlineData("deadline", "2026-11-23T06:00:00.1234567+05:30")]
    [InlineData("deadline", "2026-11-23T06:00:00")]
    [InlineData("deadline", "2026-11-23 06:00:00Z")]
    [InlineData("deadline", "20261123T060000Z")]
    public void Schema_SettingPatterns_AgreeWithParser(string key, string value)
    {
        var pattern = Pattern(SettingsSchema, key);

        Assert.Equal(Matches(pattern, value), JobMessageParser.Parse(MessageExamples.Message($$"""{"{{key}}": "{{value}}"}""")).Succeeded);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure-openai")]
    [InlineData("eu.west:1_b")]
    [InlineData("-eu")]
    [InlineData("eu west")]
    [InlineData("é")]
    public void Schema_NamePattern_AgreesWithParser(string name)
    {
        var pattern = Root.GetProperty("$defs").GetProperty("name").GetProperty("pattern").GetString()!;

        Assert.Equal(Matches(pattern, name), JobMessageParser.Parse(MessageExamples.Message($$"""{"allowed_regions": ["{{name}}"]}""")).Succeeded);
    }

    [Fact]
    public void Schema_Examples_ParseWithTheParser()
    {
        var examples = Root.GetProperty("examples").EnumerateArray().ToArray();

        Assert.NotEmpty(examples);
        Assert.All(examples, e => Assert.True(JobMessageParser.Parse(System.Text.Encoding.UTF8.GetBytes(e.GetRawText())).Succeeded, e.GetRawText()));
    }

    [Fact]
    public void Readme_JobMessageExample_Parses()
    {
        var readme = File.ReadAllText(Path.Combine(BatchInference.Testing.RepoPaths.Root, "README.md"));
        var section = readme[readme.IndexOf("### Job messages", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var json = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        var result = JobMessageParser.Parse(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.True(result.Succeeded, result.FailureReason);
    }

    // ECMA-262 '$' matches only at the very end; .NET's also before a final newline. \z gives the ECMA meaning.
    private static bool Matches(string pattern, string value) =>
        Regex.IsMatch(value, pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern, RegexOptions.None, TimeSpan.FromSeconds(1));

    private static string Pattern(JsonElement objectSchema, string property) =>
        objectSchema.GetProperty("properties").GetProperty(property).GetProperty("pattern").GetString()!;

    private static IEnumerable<string> PropertyNames(JsonElement objectSchema) =>
        objectSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name);

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(v => v.GetString()!);

    private static string[] Sorted(IEnumerable<string> values) => values.Order(StringComparer.Ordinal).ToArray();
}
