using System.Text;
using BatchInference.Jobs.Intake;

namespace BatchInference.Jobs.Tests.Fixtures;

/// <summary>Runs <see cref="JsonlRequestReader"/> over test input and collects everything it yields.</summary>
internal sealed record ReaderRun(IReadOnlyList<JobLine> Lines, JsonlReaderStats Stats)
{
    public static Task<ReaderRun> OfTextAsync(string text, JsonlReaderOptions? options = null, int? maxBytesPerRead = null) =>
        OfBytesAsync(Encoding.UTF8.GetBytes(text), options, maxBytesPerRead);

    public static async Task<ReaderRun> OfBytesAsync(byte[] bytes, JsonlReaderOptions? options = null, int? maxBytesPerRead = null)
    {
        using Stream stream = maxBytesPerRead is { } max ? new TrickleStream(bytes, max) : new MemoryStream(bytes, writable: false);
        var stats = new JsonlReaderStats();
        var lines = new List<JobLine>();
        await foreach (var line in JsonlRequestReader.ReadAsync(stream, stats, options))
        {
            lines.Add(line);
        }

        return new ReaderRun(lines, stats);
    }

    public RequestLine Request(long lineNumber) =>
        Assert.IsType<RequestLine>(Assert.Single(Lines, l => l.LineNumber == lineNumber));

    public InvalidLine Invalid(long lineNumber) =>
        Assert.IsType<InvalidLine>(Assert.Single(Lines, l => l.LineNumber == lineNumber));
}
