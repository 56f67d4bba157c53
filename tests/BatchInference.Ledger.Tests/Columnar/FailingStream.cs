namespace BatchInference.Ledger.Tests.Columnar;

/// <summary>A writable stream whose every write fails, as a full disk or a dropped blob upload would.</summary>
internal sealed class FailingStream : MemoryStream
{
    public override void Write(byte[] buffer, int offset, int count) => throw new IOException("disk full");

    public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("disk full");

    public override void WriteByte(byte value) => throw new IOException("disk full");

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromException(new IOException("disk full"));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromException(new IOException("disk full"));
}
