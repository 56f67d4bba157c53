using BatchInference.Emulator.Tokens;

namespace BatchInference.Emulator.Tests.Tokens;

public sealed class PromptCacheTests
{
    private static string Text(int tokens, char fill = 'a') => new(fill, tokens * TokenEstimator.CharsPerToken);

    [Fact]
    public void LookupAndRemember_ShortPromptRepeated_NeverCached()
    {
        var cache = new PromptCache();
        var prompt = Text(1000);

        cache.LookupAndRemember("gpt-4o", prompt, 1000);

        Assert.Equal(0, cache.LookupAndRemember("gpt-4o", prompt, 1000));
    }

    [Fact]
    public void LookupAndRemember_LongPromptRepeated_CachesWholeIncrements()
    {
        var cache = new PromptCache();
        var prompt = Text(1300);

        var first = cache.LookupAndRemember("gpt-4o", prompt, 1310);
        var second = cache.LookupAndRemember("gpt-4o", prompt, 1310);

        Assert.Equal(0, first);
        Assert.Equal(1280, second);
    }

    [Fact]
    public void LookupAndRemember_SharedPrefixThenDifferentTail_CachesTheSharedIncrements()
    {
        var cache = new PromptCache();
        var shared = Text(1200);
        cache.LookupAndRemember("gpt-4o", shared + Text(500, 'b'), 1700);

        var cached = cache.LookupAndRemember("gpt-4o", shared + Text(500, 'c'), 1700);

        Assert.Equal(1152, cached);
    }

    [Fact]
    public void LookupAndRemember_OtherModelOrAfterClear_NotCached()
    {
        var cache = new PromptCache();
        var prompt = Text(2000);
        cache.LookupAndRemember("gpt-4o", prompt, 2000);

        var otherModel = cache.LookupAndRemember("gpt-4o-mini", prompt, 2000);
        cache.Clear();
        var afterClear = cache.LookupAndRemember("gpt-4o", prompt, 2000);

        Assert.Equal(0, otherModel);
        Assert.Equal(0, afterClear);
    }
}
