using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BatchInference.Durable.Tests;

/// <summary>Counts log events by their <see cref="EventId.Name"/>, at every level: how a test sees the framework act
/// (e.g. renew a message) without waiting for time.</summary>
internal sealed class CountingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public int Count(string eventName) => _counts.GetValueOrDefault(eventName);

    public ILoggerFactory CreateFactory() => LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(this));

    public ILogger CreateLogger(string categoryName) => new Counter(this);

    public void Dispose()
    {
    }

    private sealed class Counter(CountingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name is { } name)
            {
                owner._counts.AddOrUpdate(name, 1, (_, n) => n + 1);
            }
        }
    }
}
