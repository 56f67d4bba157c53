using System.Text;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.ResultCache;
using BatchInference.Storage.Blobs;
using BatchInference.Testing.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Orchestrations.Tests.ResultCache;

/// <summary>
/// Entries in the in-memory blob store (held to Azurite by the storage contract tests) on a manual clock: the TTL is
/// honoured on read, and an entry never answers another scope, even when copied under that scope's name.
/// </summary>
public sealed class ResultCacheStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryBlobStore _blobs;
    private readonly ResultCacheStore _store;

    public ResultCacheStoreTests()
    {
        _blobs = new InMemoryBlobStore(_clock);
        _store = new ResultCacheStore(_blobs, _clock);
    }

    public async Task InitializeAsync() => await _blobs.CreateContainerIfNotExistsAsync(StorageLayout.WorkContainer);

    public Task DisposeAsync() => Task.CompletedTask;

    private ResultCacheEntry Entry(string scope, string key) => new(
        key, scope, "/v1/chat/completions", "gpt-4.1-mini", "openai", "job_1", _clock.GetUtcNow(), 200, "req_1",
        Encoding.UTF8.GetBytes("""{"id":"c1","usage":{"prompt_tokens":3,"completion_tokens":2}}"""));

    [Fact]
    public async Task TryGet_WithinTheTtl_Hits_OnceOlder_Misses()
    {
        await _store.PutAsync(Entry("team=a", "k1"), CancellationToken.None);

        _clock.Advance(Ttl);
        var hit = await _store.TryGetAsync("team=a", "k1", Ttl, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await _store.TryGetAsync("team=a", "k1", Ttl, CancellationToken.None);

        Assert.NotNull(hit);
        Assert.Equal("""{"id":"c1","usage":{"prompt_tokens":3,"completion_tokens":2}}""", Encoding.UTF8.GetString(hit.Body.Span));
        Assert.Equal(("job_1", 200, "req_1"), (hit.SourceJob, hit.StatusCode, hit.RequestId));
        Assert.Null(expired);
        Assert.NotNull(await _store.TryGetAsync("team=a", "k1", TimeSpan.FromDays(1), CancellationToken.None)); // a longer TTL still takes it
    }

    [Fact]
    public async Task TryGet_AnotherScope_Misses_EvenWhenTheEntryIsCopiedUnderItsName()
    {
        await _store.PutAsync(Entry("team=a", "k1"), CancellationToken.None);
        var stored = await _blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, ResultCacheStore.BlobName("team=a", "k1"));
        await _blobs.UploadAsync(StorageLayout.WorkContainer, ResultCacheStore.BlobName("team=b", "k1"), stored!.Content);

        Assert.Null(await _store.TryGetAsync("team=b", "k1", Ttl, CancellationToken.None));
        Assert.NotNull(await _store.TryGetAsync("team=a", "k1", Ttl, CancellationToken.None));
    }

    [Fact]
    public async Task TryGet_EntryStoredUnderAnotherKey_Misses()
    {
        var stored = Entry("team=a", "k1");
        await _blobs.UploadAsync(StorageLayout.WorkContainer, ResultCacheStore.BlobName("team=a", "k2"), new BinaryData(stored.ToJson()));

        Assert.Null(await _store.TryGetAsync("team=a", "k2", Ttl, CancellationToken.None));
    }

    [Fact]
    public async Task Entry_HoldsTheResponseAndMetadataOnly()
    {
        await _store.PutAsync(Entry("team=a", "k1"), CancellationToken.None);
        var json = (await _blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, ResultCacheStore.BlobName("team=a", "k1")))!.Content.ToString();

        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(
            ["schema_version", "key", "scope", "url", "model", "provider", "source_job", "cached_at", "status_code", "request_id", "body"],
            document.RootElement.EnumerateObject().Select(p => p.Name));
    }
}
