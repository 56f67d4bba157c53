namespace BatchInference.Api.Files;

/// <summary>Counts non-blank lines of a stream in one pass, stopping once past a limit (what the engine counts as requests).</summary>
internal static class LineCount
{
    public static async Task<long> CountAsync(Stream content, long stopAfter, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long lines = 0;
        var hasContent = false;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            foreach (var b in buffer.AsSpan(0, read))
            {
                if (b == (byte)'\n')
                {
                    lines += hasContent ? 1 : 0;
                    hasContent = false;
                    if (lines > stopAfter)
                    {
                        return lines;
                    }
                }
                else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    hasContent = true;
                }
            }
        }

        return lines + (hasContent ? 1 : 0);
    }
}
