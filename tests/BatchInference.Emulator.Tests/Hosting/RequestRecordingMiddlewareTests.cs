namespace BatchInference.Emulator.Tests.Hosting;

public sealed class RequestRecordingMiddlewareTests
{
    // Each answer is looked up in the log the moment it arrives. The log used to be written after the response had
    // gone out, so on a busy machine a client could hold an answer the log did not show yet (issue 11, item 10). Spinning
    // threads make this process a busy machine: the server's thread is often preempted right after its write.
    [Fact]
    public async Task InvokeAsync_AnswerReceivedOnABusyMachine_IsAlreadyInTheLog()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        const int Requests = 1500;
        using var stop = new CancellationTokenSource();
        var spinners = Enumerable.Range(0, 2 * Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Thread.SpinWait(1000);
            }
        }) { IsBackground = true }).ToList();
        spinners.ForEach(t => t.Start());

        var missing = 0;
        try
        {
            await Parallel.ForAsync(0, Requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancellationToken) =>
            {
                using var response = await TestEmulator.PostJsonAsync(client, "/v1/chat/completions", TestEmulator.ChatBody($"question {i}"));
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var id = TestEmulator.Header(response, "x-request-id");
                if (!server.RequestLog.Snapshot().Any(r => r.RequestId == id))
                {
                    Interlocked.Increment(ref missing);
                }
            });
        }
        finally
        {
            await stop.CancelAsync();
            spinners.ForEach(t => t.Join());
        }

        Assert.Equal(0, missing);
        Assert.Equal(Requests, server.RequestLog.BillableCount);
    }
}
