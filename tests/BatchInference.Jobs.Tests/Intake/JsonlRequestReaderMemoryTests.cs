using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Tests.Fixtures;

namespace BatchInference.Jobs.Tests.Intake;

/// <summary>Process-wide allocation measurements cannot share the process with parallel tests.</summary>
[CollectionDefinition(nameof(AllocationSensitive), DisableParallelization = true)]
public sealed class AllocationSensitive;

/// <summary>
/// The constant-memory property of <see cref="JsonlRequestReader"/>, separate from <c>JsonlRequestReaderTests</c> only
/// because it must run alone (see <see cref="AllocationSensitive"/>).
/// </summary>
[Collection(nameof(AllocationSensitive))]
public sealed class JsonlRequestReaderMemoryTests
{
    [Fact]
    public async Task ReadAsync_HundredMegabyteStreamWithOversizedLines_AllocatesLittleBeyondTheBodiesItYields()
    {
        const int lineCount = 4_500;
        const int oversizeEvery = 1_500;
        var options = new JsonlReaderOptions { MaxLineBytes = 1024 * 1024 };

        // Warm up JIT and static state on a small input so the measurement sees the reader's steady state only.
        await foreach (var unused in JsonlRequestReader.ReadAsync(new GeneratedJsonlStream(10, 100, 5, 2 * 1024 * 1024), options))
        {
        }

        var source = new GeneratedJsonlStream(lineCount, contentBytes: 16 * 1024, oversizeEvery, oversizeContentBytes: 12 * 1024 * 1024);
        var stats = new JsonlReaderStats();
        long bodyBytes = 0;
        var tooLarge = new List<long>();

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await foreach (var line in JsonlRequestReader.ReadAsync(source, stats, options))
        {
            switch (line)
            {
                case RequestLine request:
                    bodyBytes += request.Body.Length;
                    break;
                case InvalidLine { Code: JobLineErrorCodes.LineTooLarge } invalid:
                    tooLarge.Add(invalid.LineNumber);
                    break;
                default:
                    Assert.Fail($"Unexpected {line}");
                    break;
            }
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(source.TotalBytes > 100_000_000, $"input is only {source.TotalBytes} bytes");
        Assert.Equal(source.TotalBytes, stats.BytesRead);
        Assert.Equal([1_500L, 3_000L, 4_500L], tooLarge);
        Assert.Equal(lineCount - 3, stats.RequestLines);
        Assert.Equal((lineCount - 3) * (long)source.NormalBodyBytes, bodyBytes);

        // The pool may round a request up to the next power of two, never further. This holds whatever state the
        // shared pool is in, which the allocation bound below cannot see when earlier tests filled the pool.
        Assert.InRange(stats.PeakBufferBytes, 1, 2 * (options.MaxLineBytes + 2));

        // The yielded bodies are the reader's output and must be allocated; everything else (one pooled buffer of
        // about MaxLineBytes, records, ids, the duplicate set) must be small next to the input. Buffering the whole
        // input, or any 12 MiB line, or copying every line twice would break this bound.
        var overhead = allocated - bodyBytes;
        Assert.True(overhead < source.TotalBytes / 10, $"reader allocated {overhead:N0} bytes beyond {bodyBytes:N0} body bytes for {source.TotalBytes:N0} input bytes");
    }
}
