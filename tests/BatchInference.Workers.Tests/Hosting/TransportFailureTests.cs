using System.Net.Sockets;
using Azure;
using BatchInference.Storage.Queues;
using BatchInference.Workers.Hosting;

namespace BatchInference.Workers.Tests.Hosting;

public sealed class TransportFailureTests
{
    public static TheoryData<Exception> Transport => new()
    {
        new RequestFailedException(0, "connection refused"),
        new QueueStorageException(503, "ServerBusy", "busy"),
        new HttpRequestException("reset"),
        new IOException("broken pipe"),
        new SocketException((int)SocketError.ConnectionRefused),
        new TimeoutException(),
        new InvalidDataException("malformed XML"),
        new AggregateException(new RequestFailedException(0, "a"), new RequestFailedException(0, "b")),
        new TaskCanceledException("network timeout"),
    };

    public static TheoryData<Exception> NotTransport => new()
    {
        new InvalidOperationException(),
        new ArgumentOutOfRangeException("maxMessages"),
        new NullReferenceException(),
        new AggregateException(new RequestFailedException(0, "a"), new InvalidOperationException()),
        new AggregateException(),
    };

    [Theory]
    [MemberData(nameof(Transport))]
    public void Is_TransportFailure_True(Exception exception) => Assert.True(TransportFailure.Is(exception, CancellationToken.None));

    [Theory]
    [MemberData(nameof(NotTransport))]
    public void Is_ProgrammingError_False(Exception exception) => Assert.False(TransportFailure.Is(exception, CancellationToken.None));

    [Fact]
    public void Is_CancellationTheCallerAskedFor_False()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.False(TransportFailure.Is(new OperationCanceledException(cts.Token), cts.Token));
    }
}
