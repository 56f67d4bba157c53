using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BatchInference.Workers.Tests.Support;

/// <summary>Keeps every log entry, so tests can check what was logged, at which level, and that bodies never are.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue(new LogEntry(logLevel, eventId.Id, formatter(state, exception), exception));

    public int Count(int eventId) => Entries.Count(e => e.EventId == eventId);
}

internal sealed record LogEntry(LogLevel Level, int EventId, string Message, Exception? Exception);
