using Microsoft.Extensions.Logging.Testing;

namespace BatchInference.Providers.Tests.Infrastructure;

/// <summary>A record as one searchable string, so a secrets check also covers structured values and the exception.</summary>
internal static class FakeLogRecordText
{
    /// <summary>The rendered message, every structured value and the exception (which FakeLogRecord keeps apart).</summary>
    public static string Text(this FakeLogRecord record)
    {
        var values = record.StructuredState is { } state ? string.Join(";", state.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
        return $"{record.Message} | {values} | {record.Exception}";
    }
}
