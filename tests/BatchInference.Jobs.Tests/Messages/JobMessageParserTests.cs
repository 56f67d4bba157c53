using System.Text;
using BatchInference.Jobs.Messages;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Messages;

public sealed class JobMessageParserTests
{
    /// <summary>Every invalid example and the field its first problem names.</summary>
    private static readonly Dictionary<string, string> InvalidExamples = new(StringComparer.Ordinal)
    {
        ["unknown-top-level-field.json"] = "priority",
        ["missing-message-id.json"] = "message_id",
        ["missing-input.json"] = "input",
        ["missing-schema-version.json"] = "schema_version",
        ["schema-version-2.json"] = "schema_version",
        ["schema-version-string.json"] = "schema_version",
        ["message-id-with-space.json"] = "message_id",
        ["message-id-empty.json"] = "message_id",
        ["message-id-too-long.json"] = "message_id",
        ["message-id-number.json"] = "message_id",
        ["input-both-forms.json"] = "input",
        ["input-container-and-url.json"] = "input",
        ["input-container-without-blob.json"] = "input.blob",
        ["input-empty.json"] = "input",
        ["input-unknown-field.json"] = "input.account",
        ["input-container-uppercase.json"] = "input.container",
        ["input-container-double-hyphen.json"] = "input.container",
        ["input-container-too-short.json"] = "input.container",
        ["input-blob-empty.json"] = "input.blob",
        ["input-url-with-sas.json"] = "input.url",
        ["input-url-no-blob.json"] = "input.url",
        ["input-url-ftp.json"] = "input.url",
        ["input-string.json"] = "input",
        ["settings-unknown-key.json"] = "settings.dedline",
        ["settings-budget-zero.json"] = "settings.budget_usd",
        ["settings-budget-string.json"] = "settings.budget_usd",
        ["settings-tier-policy-unknown.json"] = "settings.tier_policy",
        ["settings-tier-policy-uppercase.json"] = "settings.tier_policy",
        ["settings-deadline-no-offset.json"] = "settings.deadline",
        ["settings-window-leading-zero.json"] = "settings.completion_window",
        ["settings-window-unit.json"] = "settings.completion_window",
        ["settings-priority-fraction.json"] = "settings.priority",
        ["settings-providers-string.json"] = "settings.allowed_providers",
        ["settings-region-bad-name.json"] = "settings.allowed_regions",
        ["settings-tag-number.json"] = "settings.tags.team",
        ["settings-tag-empty-name.json"] = "settings.tags",
        ["settings-array.json"] = "settings",
        ["top-level-array.json"] = "$",
        ["not-json.json"] = "$",
    };

    public static TheoryData<string> ValidNames => new(MessageExamples.Names("valid"));

    public static TheoryData<string, string> InvalidCases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (name, expectedField) in InvalidExamples)
            {
                data.Add(name, expectedField);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Parse_ValidExample_Succeeds(string name)
    {
        var result = JobMessageParser.Parse(MessageExamples.Read("valid", name));

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.NotNull(result.Message);
        Assert.Null(result.FailureReason);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Parse_InvalidExample_NamesTheField(string name, string field)
    {
        var result = JobMessageParser.Parse(MessageExamples.Read("invalid", name));

        Assert.False(result.Succeeded);
        Assert.Null(result.Message);
        Assert.Equal(field, result.Errors[0].Field);
        Assert.StartsWith("Invalid job message: " + field + ":", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidExamplesFolder_EveryFileHasAnExpectation()
    {
        Assert.Equal(InvalidExamples.Keys.Order(StringComparer.Ordinal), MessageExamples.Names("invalid"));
    }

    [Fact]
    public void Parse_AllSettings_ReadsEveryField()
    {
        var message = JobMessageParser.Parse(MessageExamples.Read("valid", "all-settings.json")).Message!;

        Assert.Equal(1, message.SchemaVersion);
        Assert.Equal("search-team/nightly-enrichment/2026-11-23", message.MessageId);
        Assert.Equal("jobs", message.Input.Container);
        Assert.Equal("incoming/enrich-2026-11-23.jsonl", message.Input.BlobName);
        Assert.Null(message.Input.Url);
        var settings = message.Settings;
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero), settings.Deadline);
        Assert.Equal(TimeSpan.FromHours(24), settings.CompletionWindow);
        Assert.Equal(40.5m, settings.BudgetUsd);
        Assert.Equal(TierPolicy.Batch, settings.TierPolicy);
        Assert.Equal(["openai", "azure-openai"], settings.AllowedProviders);
        Assert.Equal(["swedencentral", "eu.west:1"], settings.AllowedRegions);
        Assert.Equal(-3, settings.Priority);
        Assert.Equal("search", settings.Tags["team"]);
        Assert.Equal("enrich", settings.Tags["project"]);
    }

    [Fact]
    public void Parse_UrlInput_KeepsTheUrl()
    {
        var message = JobMessageParser.Parse(MessageExamples.Read("valid", "url-azure.json")).Message!;

        Assert.Null(message.Input.Container);
        Assert.Equal("https://acct.blob.core.windows.net/jobs/incoming/my%20file.jsonl", message.Input.Url!.OriginalString);
    }

    [Fact]
    public void Parse_NullSettings_GivesDefaults()
    {
        var message = JobMessageParser.Parse(MessageExamples.Read("valid", "null-settings.json")).Message!;

        Assert.Equal(JobSettings.Default.TierPolicy, message.Settings.TierPolicy);
        Assert.Null(message.Settings.CompletionWindow);
        Assert.Empty(message.Settings.Tags);
    }

    [Fact]
    public void Parse_SeveralProblems_ListsEveryOne()
    {
        var json = """{"schema_version": 3, "message_id": "a b", "input": {"container": "X", "blob": ""}, "settings": {"budget_usd": -1, "colour": "red"}, "extra": true}"""u8;

        var result = JobMessageParser.Parse(json);

        Assert.Equal(
            ["schema_version", "message_id", "input.container", "input.blob", "settings.budget_usd", "settings.colour", "extra"],
            result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Parse_RepeatedField_IsAnError()
    {
        var json = """{"schema_version": 1, "message_id": "a", "message_id": "b", "input": {"container": "jobs", "blob": "a"}}"""u8;

        var result = JobMessageParser.Parse(json);

        Assert.Equal("message_id: appears more than once.", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Parse_ByteOrderMark_IsSkipped()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(MessageExamples.Read("valid", "minimal-container-blob.json")).ToArray();

        Assert.True(JobMessageParser.Parse(body).Succeeded);
    }

    [Fact]
    public void Parse_EmptyBody_IsNotJson()
    {
        var result = JobMessageParser.Parse([]);

        Assert.Equal("$", Assert.Single(result.Errors).Field);
        Assert.Contains("not valid JSON", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SettingsError_KeepsTheSidecarMessage()
    {
        var result = JobMessageParser.Parse(MessageExamples.Message("""{"budget_usd": 0}"""));

        Assert.Equal("settings.budget_usd: must be greater than 0.", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("auto", TierPolicy.Auto)]
    [InlineData("realtime", TierPolicy.Realtime)]
    [InlineData("batch", TierPolicy.Batch)]
    [InlineData("flex", TierPolicy.Flex)]
    [InlineData("spot", TierPolicy.Spot)]
    public void Parse_LowercaseTierPolicy_IsRead(string value, TierPolicy expected)
    {
        var result = JobMessageParser.Parse(MessageExamples.Message($$"""{"tier_policy": "{{value}}"}"""));

        Assert.Equal(expected, result.Message!.Settings.TierPolicy);
    }
}
