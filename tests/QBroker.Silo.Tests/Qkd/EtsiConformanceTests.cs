using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace QBroker.Silo.Tests.Qkd;

/// <summary>
/// ETSI GS QKD 014 V1.1.1 over real HTTP against a real silo: every endpoint (status, enc_keys and dec_keys by POST
/// and GET), every field of Status and Key container, and the 400 / 401 / 503 errors with their {"message"} body.
/// Master "kias" and slave "skku" are joined by one link; "kaist" and "unist" only through the Daegu trusted node.
/// </summary>
[Collection(QkdSiloCollection.Name)]
public sealed class EtsiConformanceTests(QkdSilo silo)
{
    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> AssertEtsiErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = error.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        if (error.TryGetProperty("details", out var details))
        {
            Assert.Equal(JsonValueKind.Array, details.ValueKind);
        }
        return message!;
    }

    private static List<(Guid Id, byte[] Key)> Keys(JsonElement container) =>
        [.. container.GetProperty("keys").EnumerateArray().Select(k => (Guid.ParseExact(k.GetProperty("key_ID").GetString()!, "D"), Convert.FromBase64String(k.GetProperty("key").GetString()!)))];

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Status_reports_every_field_of_the_standard()
    {
        await silo.WaitForKeysAsync("kias", "skku", 1);
        using var master = silo.Sae("kias");

        var status = await OkJsonAsync(await master.GetAsync("/api/v1/keys/skku/status"));

        Assert.Equal("kme-kias", status.GetProperty("source_KME_ID").GetString());
        Assert.Equal("kme-skku", status.GetProperty("target_KME_ID").GetString());
        Assert.Equal("kias", status.GetProperty("master_SAE_ID").GetString());
        Assert.Equal("skku", status.GetProperty("slave_SAE_ID").GetString());
        Assert.Equal(256, status.GetProperty("key_size").GetInt32());
        // A pair holds at most a full pool plus one reserve chunk drawn from it.
        Assert.Equal((QkdSilo.PoolCapacityBytes + QkdSilo.ReserveChunkBytes) / 32, status.GetProperty("max_key_count").GetInt32());
        Assert.InRange(status.GetProperty("stored_key_count").GetInt32(), 1, status.GetProperty("max_key_count").GetInt32());
        Assert.Equal(16, status.GetProperty("max_key_per_request").GetInt32());
        Assert.Equal(8192, status.GetProperty("max_key_size").GetInt32());
        Assert.Equal(64, status.GetProperty("min_key_size").GetInt32());
        Assert.Equal(0, status.GetProperty("max_SAE_ID_count").GetInt32());
    }

    [Fact]
    public async Task A_key_goes_once_to_the_master_by_POST_enc_keys_and_once_to_the_slave_by_POST_dec_keys()
    {
        await silo.WaitForKeysAsync("kias", "skku", 3);
        using var master = silo.Sae("kias");
        using var slave = silo.Sae("skku");

        var issued = Keys(await OkJsonAsync(await master.PostAsync("/api/v1/keys/skku/enc_keys", Json("""{"number": 3, "size": 128}"""))));
        Assert.Equal(3, issued.Count);
        Assert.All(issued, k => Assert.Equal(16, k.Key.Length));
        Assert.Equal(3, issued.Select(k => k.Id).Distinct().Count());

        var request = JsonSerializer.Serialize(new { key_IDs = issued.Select(k => new { key_ID = k.Id.ToString("D") }) });
        var fetched = Keys(await OkJsonAsync(await slave.PostAsync("/api/v1/keys/kias/dec_keys", Json(request))));
        Assert.Equal(issued.Select(k => (k.Id, Convert.ToBase64String(k.Key))), fetched.Select(k => (k.Id, Convert.ToBase64String(k.Key))));

        var again = await AssertEtsiErrorAsync(await slave.PostAsync("/api/v1/keys/kias/dec_keys", Json(request)), HttpStatusCode.BadRequest);
        Assert.Contains(issued[0].Id.ToString("D"), again);
    }

    [Fact]
    public async Task GET_enc_keys_and_GET_dec_keys_work_the_same_way()
    {
        await silo.WaitForKeysAsync("kias", "skku", 2);
        using var master = silo.Sae("kias");
        using var slave = silo.Sae("skku");

        var issued = Keys(await OkJsonAsync(await master.GetAsync("/api/v1/keys/skku/enc_keys?number=2&size=512")));
        Assert.Equal(2, issued.Count);
        Assert.All(issued, k => Assert.Equal(64, k.Key.Length));

        foreach (var (id, key) in issued)
        {
            var fetched = Keys(await OkJsonAsync(await slave.GetAsync($"/api/v1/keys/kias/dec_keys?key_ID={id:D}")));
            Assert.Equal(key, fetched.Single().Key);
            await AssertEtsiErrorAsync(await slave.GetAsync($"/api/v1/keys/kias/dec_keys?key_ID={id:D}"), HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task An_empty_request_gets_one_key_of_the_default_size()
    {
        await silo.WaitForKeysAsync("kias", "skku", 1);
        using var master = silo.Sae("kias");

        var fromPost = Keys(await OkJsonAsync(await master.PostAsync("/api/v1/keys/skku/enc_keys", Json("{}"))));
        var fromGet = Keys(await OkJsonAsync(await master.GetAsync("/api/v1/keys/skku/enc_keys")));

        Assert.Equal(32, fromPost.Single().Key.Length);
        Assert.Equal(32, fromGet.Single().Key.Length);
    }

    [Fact]
    public async Task A_key_is_served_only_to_the_slave_it_was_issued_for()
    {
        await silo.WaitForKeysAsync("kias", "skku", 1);
        using var master = silo.Sae("kias");
        using var other = silo.Sae("kist");

        var issued = Keys(await OkJsonAsync(await master.PostAsync("/api/v1/keys/skku/enc_keys", Json("""{"number": 1}"""))));

        await AssertEtsiErrorAsync(await other.GetAsync($"/api/v1/keys/kias/dec_keys?key_ID={issued[0].Id:D}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sites_without_a_direct_link_get_relayed_keys_that_match_at_both_ends()
    {
        await silo.WaitForKeysAsync("kaist", "unist", 2);
        using var master = silo.Sae("kaist");
        using var slave = silo.Sae("unist");

        var issued = Keys(await OkJsonAsync(await master.PostAsync("/api/v1/keys/unist/enc_keys", Json("""{"number": 2, "size": 256}"""))));
        var ids = string.Join("&", issued.Select(k => $"key_ID={k.Id:D}"));
        var fetched = Keys(await OkJsonAsync(await slave.GetAsync($"/api/v1/keys/kaist/dec_keys?{ids}")));

        Assert.Equal(issued.Select(k => Convert.ToBase64String(k.Key)), fetched.Select(k => Convert.ToBase64String(k.Key)));
    }

    [Theory]
    [InlineData("""{"size": 100}""")]
    [InlineData("""{"size": 16}""")]
    [InlineData("""{"size": 16384}""")]
    [InlineData("""{"number": 0}""")]
    [InlineData("""{"number": 17}""")]
    [InlineData("""{"additional_slave_SAE_IDs": ["kist"]}""")]
    [InlineData("""{"extension_mandatory": [{"abc_route_type": "direct"}]}""")]
    [InlineData("""{"number": "two"}""")]
    [InlineData("""{"number": 1""")]
    public async Task Invalid_key_requests_get_400(string body)
    {
        using var master = silo.Sae("kias");

        await AssertEtsiErrorAsync(await master.PostAsync("/api/v1/keys/skku/enc_keys", Json(body)), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/v1/keys/skku/enc_keys?number=abc")]
    [InlineData("/api/v1/keys/skku/enc_keys?size=12")]
    [InlineData("/api/v1/keys/nowhere/status")]
    [InlineData("/api/v1/keys/nowhere/enc_keys")]
    [InlineData("/api/v1/keys/kias/status")]
    [InlineData("/api/v1/keys/daegu-tn/status")]
    [InlineData("/api/v1/keys/skku/dec_keys")]
    [InlineData("/api/v1/keys/skku/dec_keys?key_ID=not-a-uuid")]
    public async Task Invalid_GET_requests_and_unknown_SAEs_get_400(string url)
    {
        using var sae = silo.Sae("kias");

        await AssertEtsiErrorAsync(await sae.GetAsync(url), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"key_IDs": []}""")]
    [InlineData("""{"key_IDs": [{"key_ID": "nope"}]}""")]
    [InlineData("""{"key_IDs": [{"key_ID": "bc490419-7d60-487f-adc1-4ddcc177c139"}]}""")]
    [InlineData("""{}""")]
    public async Task Invalid_key_ID_requests_get_400(string body)
    {
        using var slave = silo.Sae("skku");

        await AssertEtsiErrorAsync(await slave.PostAsync("/api/v1/keys/kias/dec_keys", Json(body)), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-valid-key")]
    [InlineData("researcher")]
    [InlineData("operator")]
    [InlineData("lge")]
    public async Task Callers_that_are_not_SAEs_get_401_on_every_endpoint(string? who)
    {
        using var client = who switch
        {
            null => silo.Client(null),
            "researcher" => silo.Client(silo.Keys.Researchers["kias-sylee"]),
            "operator" => silo.Operator(),
            "lge" => silo.Sae("lge"),
            _ => silo.Client(who),
        };

        await AssertEtsiErrorAsync(await client.GetAsync("/api/v1/keys/skku/status"), HttpStatusCode.Unauthorized);
        await AssertEtsiErrorAsync(await client.GetAsync("/api/v1/keys/skku/enc_keys"), HttpStatusCode.Unauthorized);
        await AssertEtsiErrorAsync(await client.PostAsync("/api/v1/keys/skku/enc_keys", Json("{}")), HttpStatusCode.Unauthorized);
        await AssertEtsiErrorAsync(await client.GetAsync($"/api/v1/keys/skku/dec_keys?key_ID={Guid.NewGuid():D}"), HttpStatusCode.Unauthorized);
        await AssertEtsiErrorAsync(await client.PostAsync("/api/v1/keys/skku/dec_keys", Json("""{"key_IDs": []}""")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task More_key_than_the_pools_hold_gets_503_and_consumes_nothing()
    {
        using var master = silo.Sae("hanyang");
        var before = await silo.WaitForKeysAsync("hanyang", "skku", 1);

        // 16 keys of 8192 bits = 16 KiB, twice what a test pool can hold.
        await AssertEtsiErrorAsync(await master.GetAsync("/api/v1/keys/skku/enc_keys?number=16&size=8192"), HttpStatusCode.ServiceUnavailable);

        var after = await OkJsonAsync(await master.GetAsync("/api/v1/keys/skku/status"));
        Assert.True(after.GetProperty("stored_key_count").GetInt32() >= before.GetProperty("stored_key_count").GetInt32());
    }
}
