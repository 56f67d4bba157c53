using System.Net;
using System.Text.Json;
using BatchInference.Emulator.Tests.Batches;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Files;

public sealed class FilesEndpointsTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Upload_BatchJsonl_StoresItForRetrieveListAndDownload()
    {
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(Now));
        using var client = TestEmulator.Client(server);
        var content = BatchHttp.ChatFile(2);

        using var response = await BatchHttp.UploadAsync(client, content, "requests.jsonl");
        var file = await TestEmulator.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = file.GetProperty("id").GetString()!;
        Assert.StartsWith("file-", id);
        Assert.Equal("file", file.GetProperty("object").GetString());
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(content), file.GetProperty("bytes").GetInt64());
        Assert.Equal(Now.ToUnixTimeSeconds(), file.GetProperty("created_at").GetInt64());
        Assert.Equal("requests.jsonl", file.GetProperty("filename").GetString());
        Assert.Equal("batch", file.GetProperty("purpose").GetString());
        Assert.Equal(file.GetRawText(), (await BatchHttp.GetJsonAsync(client, $"v1/files/{id}")).GetRawText());
        Assert.Equal(content, await client.GetStringAsync($"v1/files/{id}/content"));
        var list = await BatchHttp.GetJsonAsync(client, "v1/files?purpose=batch");
        Assert.Equal(id, Assert.Single(list.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        Assert.False(list.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Upload_BatchFileOverTheSizeLimit_Answers400FileTooLarge()
    {
        await using var server = await TestEmulator.StartAsync(o => o.BatchMaxFileBytes = 1000);
        using var client = TestEmulator.Client(server);

        using var tooLarge = await BatchHttp.UploadAsync(client, BatchHttp.ChatFile(30));
        using var fits = await BatchHttp.UploadAsync(client, BatchHttp.ChatFile(1));

        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        var error = (await TestEmulator.ReadJsonAsync(tooLarge)).GetProperty("error");
        Assert.Equal("file_too_large", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Single((await BatchHttp.GetJsonAsync(client, "v1/files")).GetProperty("data").EnumerateArray());
    }

    [Theory]
    [InlineData("input.csv", "batch", "invalid_file_format")]
    [InlineData("input.jsonl", null, "missing_required_parameter")]
    [InlineData("input.jsonl", "homework", "invalid_value")]
    public async Task Upload_InvalidForm_Answers400WithCode(string filename, string? purpose, string code)
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await BatchHttp.UploadAsync(client, BatchHttp.ChatFile(1), filename, purpose);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await TestEmulator.ReadJsonAsync(response)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Delete_StoredFile_ConfirmsAndLaterCallsAnswer404()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        var id = await BatchHttp.UploadIdAsync(client, BatchHttp.ChatFile(1));

        using var deleted = await client.DeleteAsync($"v1/files/{id}");
        var body = await TestEmulator.ReadJsonAsync(deleted);
        using var again = await client.DeleteAsync($"v1/files/{id}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True(body.GetProperty("deleted").GetBoolean());
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var error = (await BatchHttp.GetJsonAsync(client, $"v1/files/{id}/content", HttpStatusCode.NotFound)).GetProperty("error");
        Assert.Equal($"No such File object: {id}", error.GetProperty("message").GetString());
        Assert.Equal("id", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task List_OrderAndLimit_PagesWithAfterCursor()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await BatchHttp.UploadIdAsync(client, BatchHttp.ChatFile(1)));
        }

        var first = await BatchHttp.GetJsonAsync(client, "v1/files?order=asc&limit=2");
        var second = await BatchHttp.GetJsonAsync(client, $"v1/files?order=asc&limit=2&after={first.GetProperty("last_id").GetString()}");

        Assert.Equal(ids[..2], first.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal([ids[2]], second.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.False(second.GetProperty("has_more").GetBoolean());
        Assert.Equal(JsonValueKind.String, second.GetProperty("first_id").ValueKind);
    }
}
