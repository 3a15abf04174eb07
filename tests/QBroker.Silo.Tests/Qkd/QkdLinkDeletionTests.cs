using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace QBroker.Silo.Tests.Qkd;

/// <summary>DELETE /api/v1/qkd/links/{id}: who may, what stops using the link, and that it stays deleted after a restart.</summary>
public sealed class QkdLinkDeletionTests
{
    [Fact]
    public async Task A_deleted_link_drops_its_reserves_and_stored_key_leaves_relay_paths_and_stays_deleted_after_a_restart()
    {
        var first = new QkdSilo();
        await first.InitializeAsync();
        try
        {
            using var operatorClient = first.Operator();
            using var skku = first.Sae("skku");
            using var kaist = first.Sae("kaist");
            // skku and kaist are joined by one link only: a key served before the delete leaves a reserve drawn through it.
            await first.WaitForKeysAsync("skku", "kaist", 1);
            Assert.Equal(HttpStatusCode.OK, (await skku.GetAsync("/api/v1/keys/kaist/enc_keys")).StatusCode);
            Assert.Equal(1, await StoredLinkRowsAsync(first.DataDir, "skku-kaist"));
            // kaist reaches unist only through the trusted node in Daegu.
            Assert.Equal(HttpStatusCode.OK, (await kaist.GetAsync("/api/v1/keys/unist/status")).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync("/api/v1/qkd/links/skku-kaist")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync("/api/v1/qkd/links/kaist-daegu")).StatusCode);

            await Api.AssertProblemAsync(await operatorClient.GetAsync("/api/v1/qkd/links/skku-kaist"), HttpStatusCode.NotFound);
            await Api.AssertProblemAsync(await operatorClient.DeleteAsync("/api/v1/qkd/links/skku-kaist"), HttpStatusCode.NotFound);
            await Api.AssertProblemAsync(
                await operatorClient.PatchAsync("/api/v1/qkd/links/skku-kaist", new StringContent("""{"eavesdropper": null}""", Encoding.UTF8, "application/json")),
                HttpStatusCode.NotFound);
            Assert.Equal(["daegu-unist", "hanyang-skku", "kaist-kriss", "kias-skku", "kist-skku"], await LinkIdsAsync(operatorClient));
            // The reserve skku holds for kaist came through the deleted link: it is dropped as when a link aborts.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await skku.GetAsync("/api/v1/keys/kaist/enc_keys")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await kaist.GetAsync("/api/v1/keys/unist/status")).StatusCode);
            Assert.Equal(0, await StoredLinkRowsAsync(first.DataDir, "skku-kaist"));
            Assert.Equal(0, await StoredLinkRowsAsync(first.DataDir, "kaist-daegu"));
        }
        finally
        {
            await first.StopKeepingDataAsync();
        }

        var second = new QkdSilo();
        await second.StartAsync(first.DataDir);
        try
        {
            using var operatorClient = second.Operator();
            // The built-in links are in the network from the start; the deleted ones leave once the startup
            // activation has read the register, and must not come back.
            string[] expected = ["daegu-unist", "hanyang-skku", "kaist-kriss", "kias-skku", "kist-skku"];
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!(await LinkIdsAsync(operatorClient)).SequenceEqual(expected) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            await Task.Delay(500);

            Assert.Equal(expected, await LinkIdsAsync(operatorClient));
            Assert.Equal(0, await StoredLinkRowsAsync(second.DataDir, "skku-kaist"));

            // The id is free again: an operator may create the link anew.
            var recreated = await operatorClient.PostAsync("/api/v1/qkd/links",
                new StringContent("""{"id": "skku-kaist", "siteA": "skku", "siteB": "kaist", "lengthKm": 130, "lossDbPerKm": 0.18, "detectorEfficiency": 0.6, "darkCountProbability": 1e-7}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, recreated.StatusCode);
            var link = await recreated.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(0, link.GetProperty("blocksRun").GetInt64());
            Assert.Contains("skku-kaist", await LinkIdsAsync(operatorClient));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Key_reserved_over_a_deleted_link_is_not_served_when_the_link_is_created_again_after_a_restart()
    {
        var first = new QkdSilo();
        await first.InitializeAsync();
        string reservedBeforeDelete;
        try
        {
            await first.WaitForKeysAsync("skku", "kaist", 1);
            using var skku = first.Sae("skku");
            Assert.Equal(HttpStatusCode.OK, (await skku.GetAsync("/api/v1/keys/kaist/enc_keys")).StatusCode);
            reservedBeforeDelete = await StoredReserveHexAsync(first.DataDir, "skku->kaist");
            Assert.NotEqual("", reservedBeforeDelete);

            using var operatorClient = first.Operator();
            Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync("/api/v1/qkd/links/skku-kaist")).StatusCode);

            // No request for key follows the delete, so no health check of the reserve: the delete itself dropped it.
            Assert.Equal("", await StoredReserveHexAsync(first.DataDir, "skku->kaist"));
        }
        finally
        {
            await first.StopKeepingDataAsync();
        }

        var second = new QkdSilo();
        await second.StartAsync(first.DataDir);
        try
        {
            using var operatorClient = second.Operator();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await LinkIdsAsync(operatorClient)).Contains("skku-kaist") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            var recreated = await operatorClient.PostAsync("/api/v1/qkd/links",
                new StringContent("""{"id": "skku-kaist", "siteA": "skku", "siteB": "kaist", "lengthKm": 130, "lossDbPerKm": 0.18, "detectorEfficiency": 0.6, "darkCountProbability": 1e-7}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, recreated.StatusCode);

            await second.WaitForKeysAsync("skku", "kaist", 4);
            using var skku = second.Sae("skku");
            var container = await skku.GetFromJsonAsync<JsonElement>("/api/v1/keys/kaist/enc_keys?number=4");

            // Every key comes from the new link's sessions, none from the reserve drawn over the deleted one.
            Assert.Equal(4, container.GetProperty("keys").GetArrayLength());
            foreach (var key in container.GetProperty("keys").EnumerateArray())
            {
                Assert.DoesNotContain(Convert.ToHexString(Convert.FromBase64String(key.GetProperty("key").GetString()!)), reservedBeforeDelete, StringComparison.Ordinal);
            }
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private static async Task<string[]> LinkIdsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/v1/qkd/links")).EnumerateArray().Select(l => l.GetProperty("id").GetString()!)];

    /// <summary>The unissued key of a pair's key-delivery reserve, as stored (hex, in order); empty when none is stored.</summary>
    private static async Task<string> StoredReserveHexAsync(string dataDir, string pair)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "qbroker.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_hex FROM qkd_reserve_block WHERE pair = $pair ORDER BY block_index";
        command.Parameters.AddWithValue("$pair", pair);
        await using var reader = await command.ExecuteReaderAsync();
        var hex = new StringBuilder();
        while (await reader.ReadAsync())
        {
            hex.Append(reader.GetString(0));
        }
        return hex.ToString();
    }

    /// <summary>Rows of link state in the broker's SQLite store: the stored pools and authentication key live there.</summary>
    private static async Task<long> StoredLinkRowsAsync(string dataDir, string linkId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "qbroker.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM grain_state WHERE state_name = 'qkd-link' AND grain_id LIKE $id";
        command.Parameters.AddWithValue("$id", "%/" + linkId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>DELETE permissions and unknown ids, on the shared QKD broker (nothing is deleted there).</summary>
[Collection(QkdSiloCollection.Name)]
public sealed class QkdLinkDeletionRulesTests(QkdSilo silo)
{
    [Theory]
    [InlineData("researcher")]
    [InlineData("admin at an end")]
    public async Task Only_operators_delete_links(string who)
    {
        using var client = who == "researcher" ? silo.Client(silo.Keys.Researchers["kaist-yjung"]) : silo.Sae("kriss");

        var response = await client.DeleteAsync("/api/v1/qkd/links/kaist-kriss");

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        using var operatorClient = silo.Operator();
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/api/v1/qkd/links/kaist-kriss")).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_unknown_link_is_404()
    {
        using var operatorClient = silo.Operator();

        await Api.AssertProblemAsync(await operatorClient.DeleteAsync("/api/v1/qkd/links/nowhere"), HttpStatusCode.NotFound);
    }
}
