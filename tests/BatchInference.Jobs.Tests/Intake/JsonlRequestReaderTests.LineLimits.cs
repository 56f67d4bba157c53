using System.Globalization;
using System.Text;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Tests.Fixtures;

namespace BatchInference.Jobs.Tests.Intake;

/// <summary>Line-size limits of <see cref="JsonlRequestReader"/>.</summary>
public sealed partial class JsonlRequestReaderTests
{
    [Fact]
    public async Task ReadAsync_TwoMiBLineUnderDefaultLimit_IsRead()
    {
        var big = InputLines.Valid("big").Replace(InputLines.Prompt, new string('p', 2 * 1024 * 1024), StringComparison.Ordinal);

        var run = await ReaderRun.OfTextAsync($"{big}\n{InputLines.Valid("next")}\n");

        Assert.True(run.Request(1).Body.Length > 2 * 1024 * 1024);
        Assert.Equal("next", run.Request(2).CustomId);
    }

    [Fact]
    public async Task ReadAsync_TenMiBLineOverDefaultLimit_IsLineTooLargeAndNextLineIsRead()
    {
        var huge = InputLines.Valid("huge").Replace(InputLines.Prompt, new string('p', 10 * 1024 * 1024), StringComparison.Ordinal);

        var run = await ReaderRun.OfTextAsync($"{InputLines.Valid("before")}\n{huge}\n{InputLines.Valid("next")}\n");

        var tooLarge = run.Invalid(2);
        Assert.Equal(JobLineErrorCodes.LineTooLarge, tooLarge.Code);
        Assert.Contains(huge.Length.ToString(CultureInfo.InvariantCulture), tooLarge.Message, StringComparison.Ordinal);
        Assert.Equal("before", run.Request(1).CustomId);
        var next = run.Request(3);
        Assert.Equal("next", next.CustomId);
        Assert.Equal(Encoding.UTF8.GetBytes(InputLines.Valid("next")[(InputLines.Valid("next").IndexOf("{\"model", StringComparison.Ordinal))..^1]), next.Body.ToArray());
    }

    public static TheoryData<string, int, int> LimitCases()
    {
        var cases = new TheoryData<string, int, int>();
        foreach (var terminator in new[] { "\n", "\r\n", "" })
        {
            foreach (var extra in new[] { 0, 1 })
            {
                // One-byte reads make the buffer hold exactly the line before its terminator arrives.
                foreach (var maxBytesPerRead in new[] { 1, 13 })
                {
                    cases.Add(terminator, extra, maxBytesPerRead);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(LimitCases))]
    public async Task ReadAsync_LineAtTheLimit_IsReadAndOneByteMoreIsTooLarge(string terminator, int extra, int maxBytesPerRead)
    {
        var line = InputLines.Valid("edge");
        var options = new JsonlReaderOptions { MaxLineBytes = Encoding.UTF8.GetByteCount(line) + 4 };
        var padded = new string(' ', 4 + extra) + line;
        var text = terminator.Length == 0 ? padded : $"{padded}{terminator}{InputLines.Valid("x")}\n";

        var run = await ReaderRun.OfTextAsync(text, options, maxBytesPerRead);

        if (extra == 0)
        {
            Assert.Equal("edge", run.Request(1).CustomId);
        }
        else
        {
            Assert.Equal(JobLineErrorCodes.LineTooLarge, run.Invalid(1).Code);
        }

        if (terminator.Length > 0)
        {
            Assert.Equal("x", run.Request(2).CustomId);
        }
    }
}
