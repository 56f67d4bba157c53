using System.Text;
using BatchInference.Orchestrations.Checkpoints;
using static BatchInference.Orchestrations.Tests.Checkpoints.SampleResults;

namespace BatchInference.Orchestrations.Tests.Checkpoints;

/// <summary>Reading checkpoint records; round trips of built records are in <see cref="PartRecordBuilderTests"/>.</summary>
public sealed class PartRecordTests
{
    private const string Valid = """{"seq":5,"line":6,"custom_id":"c","model":"m","kind":"failed","attempts":2,"out":{"id":"x"},"ledger":[{"a":1},{"b":[2]}]}""";

    [Fact]
    public void Parse_ValidRecord_ReadsEveryFieldAndTheRawValues()
    {
        var record = PartRecord.Parse(Encoding.UTF8.GetBytes(Valid));

        Assert.Equal((5L, 6L, "c", "m", ResultKind.Failed, 2), (record.Sequence, record.Line, record.CustomId, record.Model, record.Kind, record.Attempts));
        Assert.Equal("""{"id":"x"}""", Encoding.UTF8.GetString(record.Out.Span));
        Assert.Equal(["""{"a":1}""", """{"b":[2]}"""], record.Ledger.Select(e => Encoding.UTF8.GetString(e.Span)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"seq":5,"line":6,"custom_id":"c","model":"m","kind":"failed","attempts":2,"out":{"id":"x"}}""")]
    [InlineData("""{"seq":"5","line":6,"custom_id":"c","model":"m","kind":"failed","attempts":2,"out":{},"ledger":[]}""")]
    [InlineData("""{"seq":5,"line":6,"custom_id":"c","model":"m","kind":"paused","attempts":2,"out":{},"ledger":[]}""")]
    [InlineData("""{"seq":5,"line":6,"custom_id":"c","model":"m","kind":"failed","attempts":2,"out":{},"ledger":{}}""")]
    [InlineData("""{"seq":5,"line":6,"custom_id":"c","model":"m","kind":"failed","attempts":2,"out":{"id":"x"},"ledger":[{"a":1}""")]
    public void Parse_DamagedLine_ThrowsInvalidDataException(string line)
    {
        Assert.Throws<InvalidDataException>(() => PartRecord.Parse(Encoding.UTF8.GetBytes(line)));
    }

    [Fact]
    public async Task Parse_BuiltRecordCutShort_ThrowsInvalidDataException()
    {
        var info = await Builder("job_1").BuildAsync(Succeeded(0, 1, "c-1"), CancellationToken.None);

        Assert.Throws<InvalidDataException>(() => PartRecord.Parse(info.Bytes.AsMemory(0, info.Bytes.Length / 2)));
    }
}
