using System.Text;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

/// <summary>
/// <c>bi catalog list|validate|show|diff</c> as a user runs them: the built CLI in its own process, on the built-in
/// catalog and on <c>samples/catalog.litellm.json</c> (a LiteLLM-format price list).
/// </summary>
public sealed class CatalogCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly string LiteLlm = Path.Combine(RepoPaths.Root, "samples", "catalog.litellm.json");

    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-catalog-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task List_BuiltIn_PrintsEveryEntryWithItsPricesPerMillion()
    {
        var list = await BiProcess.RunAsync(_work, Timeout, "catalog", "list");

        Assert.True(list.ExitCode == 0, list.Describe());
        Assert.Matches(@"^Catalog \d{4}-\d{2}-\d{2}(\.\d+)? \(USD, catalog format\): \d+ entries, \d+ models, prices per 1M tokens", list.FlatOutput);
        Assert.Contains("│ openai │ o1 │ batch │ - │ 7.5 │ 3.75 │ - │ 30 │", list.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("│ anthropic │ claude-3-haiku │ realtime │ - │ 0.25 │ 0.03 │ 0.3 │ 1.25 │", list.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("│ azure-openai │ gpt-4o │ realtime │ global │ 2.5 │ 1.25 │ - │ 10 │", list.FlatOutput, StringComparison.Ordinal);
        Assert.Empty(list.StandardError);
    }

    [Fact]
    public async Task List_CatalogPathSetting_ListsThatFile()
    {
        var list = await BiProcess.RunAsync(_work, Timeout, new Dictionary<string, string> { ["Pricing__CatalogPath"] = LiteLlm }, "catalog", "list");

        Assert.True(list.ExitCode == 0, list.Describe());
        Assert.Contains("(USD, LiteLLM price list): 17 entries, 8 models", list.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("│ openai │ o1-mini │ realtime │ - │ 1.1 │ 0.55 │ - │ 4.4 │", list.FlatOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_LiteLlmFile_SummarisesOnStdoutAndWarnsOnStderr()
    {
        var validate = await BiProcess.RunAsync(_work, Timeout, "catalog", "validate", LiteLlm);

        Assert.True(validate.ExitCode == 0, validate.Describe());
        Assert.Matches(@"catalog\.litellm\.json: valid LiteLLM price list, catalog litellm-[0-9a-f]{12} \(USD\): 17 entries, 8 models; providers openai \(realtime, batch, flex\); azure-openai \(realtime, batch\); anthropic \(realtime, batch\)", validate.StandardOutput);
        Assert.DoesNotContain("warning", validate.StandardOutput, StringComparison.Ordinal);
        var error = validate.StandardError;
        Assert.Contains("warning: batch tier at the default 50 % batch discount (no input_cost_per_token_batches/output_cost_per_token_batches): 4 (o1-mini, gpt-3.5-turbo, azure/global/gpt-4o-mini, claude-sonnet-4-5)", error, StringComparison.Ordinal);
        Assert.Contains("warning: realtime rate limits from the built-in openai default (", error, StringComparison.Ordinal);
        Assert.Contains("warning: price fields not modelled (ignored): 2 (input_cost_per_token_above_200k_tokens 1, output_cost_per_token_above_200k_tokens 1)", error, StringComparison.Ordinal);
        Assert.Contains("warning: entries of providers the catalog does not price, skipped: 1 (bedrock 1)", error, StringComparison.Ordinal);
        Assert.Matches(@"\n\d+ warning\(s\)\s*$", error);
    }

    [Fact]
    public async Task Validate_InvalidFile_ListsItsProblemsAndExits2()
    {
        var path = Path.Combine(_work, "bad.json");
        await File.WriteAllTextAsync(path, """{"gpt-x": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": -1}}""", Encoding.UTF8);

        var validate = await BiProcess.RunAsync(_work, Timeout, "catalog", "validate", path);

        Assert.True(validate.ExitCode == 2, validate.Describe());
        Assert.Empty(validate.StandardOutput);
        Assert.Equal(
            $"{path} is not a valid catalog (1 problem(s)):\nerror: 'gpt-x': input_cost_per_token must be a number >= 0\n",
            validate.StandardError.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Show_Model_PrintsEachProviderAndTierWithLimits()
    {
        var show = await BiProcess.RunAsync(_work, Timeout, "catalog", "show", "o3-mini");

        Assert.True(show.ExitCode == 0, show.Describe());
        Assert.Contains("o3-mini in catalog", show.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("│ openai │ realtime │ o3-mini │ - │ - │ 1.1 │ 0.55 │ - │ 4.4 │ 1000 rpm, 100000 tpm │ - │", show.FlatOutput, StringComparison.Ordinal);
        // The limits cell wraps onto a second row: check the first row up to it, and the completion times.
        Assert.Contains("│ azure-openai │ batch │ o3-mini │ global │ - │ 0.55 │ 0.55 │ - │ 2.2 │ 100000 lines/batch, │ 2h / 8h / 24h │", show.FlatOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownModel_NamesTheClosestAndHowToAddItAndExits2()
    {
        var show = await BiProcess.RunAsync(_work, Timeout, "catalog", "show", "o1-mini");

        Assert.True(show.ExitCode == 2, show.Describe());
        Assert.Contains("Model 'o1-mini' is not in catalog", show.FlatError, StringComparison.Ordinal);
        Assert.Contains("Known models like it: o1", show.FlatError, StringComparison.Ordinal);
        Assert.Contains("Add it with a catalog file (Pricing:CatalogPath, --catalog)", show.FlatError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_TwoCatalogs_ListsAddedRemovedAndRepricedEntriesAndExits1()
    {
        var diff = await BiProcess.RunAsync(_work, Timeout, "catalog", "diff", "built-in", LiteLlm);
        var same = await BiProcess.RunAsync(_work, Timeout, "catalog", "diff", LiteLlm, LiteLlm);

        Assert.True(diff.ExitCode == 1, diff.Describe());
        var lines = diff.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("+ openai/o1-mini/realtime  input 1.1, cached_input 0.55, output 4.4", lines);
        Assert.Contains("- openai/o1/realtime  input 15, cached_input 7.5, output 60", lines);
        Assert.Contains("~ azure-openai/gpt-4o-mini/batch  cached_input 0.075 → 0.0375", lines);
        Assert.Matches(@"^\d+ added, \d+ removed, 1 changed \(\d{4}-\d{2}-\d{2}(\.\d+)? → litellm-[0-9a-f]{12}\)", diff.StandardError);
        Assert.True(same.ExitCode == 0, same.Describe());
        Assert.Empty(same.StandardOutput);
        Assert.StartsWith("0 added, 0 removed, 0 changed", same.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ModelUnknownToTheBuiltInCatalog_IsPricedFromALiteLlmCatalog()
    {
        var input = Path.Combine(_work, "o1-mini.jsonl");
        var text = new StringBuilder();
        for (var i = 0; i < 3; i++)
        {
            text.Append("{\"custom_id\":\"r").Append(i).Append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",")
                .Append("\"body\":{\"model\":\"o1-mini\",\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\"Classify: great product\"}]}}\n");
        }

        await File.WriteAllTextAsync(input, text.ToString());

        var builtIn = await BiProcess.RunAsync(_work, Timeout, "plan", input, "--providers", "openai");
        var priced = await BiProcess.RunAsync(_work, Timeout, "plan", input, "--providers", "openai", "--catalog", LiteLlm);

        Assert.True(builtIn.ExitCode == 2, builtIn.Describe());
        Assert.Contains("no provider in the catalog offers o1-mini", builtIn.FlatOutput, StringComparison.Ordinal);
        Assert.True(priced.ExitCode == 0, priced.Describe());
        Assert.Contains("│ 0 │ batch │ openai │ 3 │", priced.FlatOutput, StringComparison.Ordinal);
        Assert.Matches(@"Catalog litellm-[0-9a-f]{12} \(USD\)", priced.FlatOutput);
        Assert.Matches(@"Savings 0\.\d{6} \(50\.0 %\)", priced.FlatOutput);
        Assert.DoesNotContain("Estimated cost 0.000000", priced.FlatOutput, StringComparison.Ordinal);
    }
}
