using System.Globalization;
using System.Text;
using BatchInference.Jobs.Intake;

namespace BatchInference.Orchestrations.Tests.Infrastructure;

/// <summary>
/// Builds a job's JSONL input line by line and remembers, for each physical line, what the job must make of it:
/// a success in <c>output.jsonl</c> or an error record in <c>errors.jsonl</c>.
/// </summary>
internal sealed class JobInputBuilder
{
    public static readonly string[] ChatModels = ["gpt-4.1-mini", "gpt-4o-mini", "gpt-4.1-nano"];
    public const string EmbeddingModel = "text-embedding-3-small";

    private readonly MemoryStream _bytes = new();
    private readonly List<ExpectedSuccess> _successes = [];
    private readonly List<ExpectedError> _errors = [];
    private long _line;
    private int _others;

    public IReadOnlyList<ExpectedSuccess> Successes => _successes;

    public IReadOnlyList<ExpectedError> Errors => _errors;

    /// <summary>Non-blank lines written: what <c>counts.total</c> must say.</summary>
    public long NonBlankLines => _successes.Count + _errors.Count + _others;

    public JobInputBuilder Chat(string customId, string model, string? text = null, int maxTokens = 24)
    {
        Write(RequestLines.Chat(customId, model, text ?? $"Classify ticket {customId} in one word.", maxTokens));
        _successes.Add(new ExpectedSuccess(customId, _line, model, RequestLines.ChatUrl));
        return this;
    }

    public JobInputBuilder Embedding(string customId, string text = "a short ticket to embed")
    {
        Write(RequestLines.Embedding(customId, EmbeddingModel, text));
        _successes.Add(new ExpectedSuccess(customId, _line, EmbeddingModel, RequestLines.EmbeddingsUrl));
        return this;
    }

    /// <summary>Good lines <c>{prefix}-00000</c>…: every fourth an embedding, the rest chat over <see cref="ChatModels"/>.</summary>
    public JobInputBuilder Mixed(string prefix, int count, int start = 0)
    {
        for (var i = start; i < start + count; i++)
        {
            var customId = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D5}");
            if (i % 4 == 3)
            {
                Embedding(customId, string.Create(CultureInfo.InvariantCulture, $"ticket {i} about a late parcel"));
            }
            else
            {
                Chat(customId, ChatModels[i % ChatModels.Length]);
            }
        }

        return this;
    }

    /// <summary>A line that must come back as an error record with <paramref name="code"/>.</summary>
    public JobInputBuilder Bad(string code, string? customId, byte[] line)
    {
        Write(line);
        _errors.Add(new ExpectedError(_line, code, customId));
        return this;
    }

    public JobInputBuilder Bad(string code, string? customId, string line) => Bad(code, customId, Encoding.UTF8.GetBytes(line));

    /// <summary>A line whose outcome the test checks itself (e.g. one the provider rejects).</summary>
    public JobInputBuilder Other(byte[] line)
    {
        Write(line);
        _others++;
        return this;
    }

    /// <summary>A whitespace-only line: counted by line numbers, not by anything else.</summary>
    public JobInputBuilder Blank()
    {
        Write(" \t"u8.ToArray());
        return this;
    }

    /// <summary>One line of every kind the reader rejects, plus one the price catalog rejects, plus a duplicate of <paramref name="existingCustomId"/>.</summary>
    public JobInputBuilder EveryKindOfBadLine(string existingCustomId, int maxLineBytes)
    {
        Bad(JobLineErrorCodes.InvalidJson, null, """{"custom_id": "bad-json", "method": "POST", "url": "/v1/chat/completions", "body": {""");
        Bad(JobLineErrorCodes.InvalidUtf8, null,
            [.. """{"custom_id": "bad-utf8", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "caf"""u8,
             0xC3, 0x28, .. "\"}}"u8]);
        Bad(JobLineErrorCodes.LineTooLarge, null, RequestLines.Chat("too-large", "gpt-4.1-mini", new string('x', maxLineBytes + 10)));
        Bad(JobLineErrorCodes.MissingCustomId, null,
            """{"method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4.1-mini", "messages": [{"role": "user", "content": "hi"}]}}""");
        Bad(JobLineErrorCodes.InvalidCustomId, null,
            """{"custom_id": 42, "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4.1-mini", "messages": [{"role": "user", "content": "hi"}]}}""");
        Bad(JobLineErrorCodes.DuplicateCustomId, existingCustomId, RequestLines.Chat(existingCustomId, "gpt-4.1-mini", "the same id again"));
        Bad(JobLineErrorCodes.InvalidMethod, "bad-method",
            """{"custom_id": "bad-method", "method": "GET", "url": "/v1/chat/completions", "body": {"model": "gpt-4.1-mini", "messages": [{"role": "user", "content": "hi"}]}}""");
        Bad(JobLineErrorCodes.UnsupportedUrl, "bad-url",
            """{"custom_id": "bad-url", "method": "POST", "url": "/v1/images/generations", "body": {"model": "gpt-image-1", "prompt": "a cat"}}""");
        Bad(JobLineErrorCodes.MissingBody, "no-body", """{"custom_id": "no-body", "method": "POST", "url": "/v1/chat/completions"}""");
        Bad(JobLineErrorCodes.MissingModel, "no-model",
            """{"custom_id": "no-model", "method": "POST", "url": "/v1/chat/completions", "body": {"messages": [{"role": "user", "content": "hi"}]}}""");
        Bad("model_not_in_catalog", "unknown-model", RequestLines.Chat("unknown-model", "gpt-unknown-9", "hi"));
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    private void Write(ReadOnlySpan<byte> line)
    {
        _bytes.Write(line);
        _bytes.WriteByte((byte)'\n');
        _line++;
    }
}
