using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BatchInference.Providers.Tests.Infrastructure;

/// <summary>Keeps every log entry, at every level, with its rendered message and structured values.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Text)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
        Entries.Enqueue((logLevel, eventId, $"{formatter(state, exception)} | {values} | {exception}"));
    }
}
