using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace QBroker.Silo.Tests.Qkd;

/// <summary>
/// SAE authentication by mutual TLS (ETSI GS QKD 014 section 5) over real HTTPS: the client certificate names the
/// SAE (subject CN, or the configured thumbprint map), and every certificate that does not name an SAE of this
/// network is refused with 401 and the ETSI {"message"} body. Master "kias" and slave "skku" share a link.
/// </summary>
public sealed class SaeMutualTlsTests(SaeTlsSilo silo) : IClassFixture<SaeTlsSilo>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> AssertEtsiErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }

    private async Task WaitForKeysAsync(HttpClient master, int keys)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await master.GetFromJsonAsync<JsonElement>("/api/v1/keys/skku/status")).GetProperty("stored_key_count").GetInt32() < keys)
        {
            Assert.True(DateTime.UtcNow < deadline, "kias -> skku never held enough key.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_valid_certificate_gets_keys_as_its_SAE_enc_keys_as_master_and_dec_keys_as_slave()
    {
        using var master = silo.Tls(silo.Authority.Client("kias"));
        // skku's certificate names it only through the thumbprint map.
        using var slave = silo.Tls(silo.MappedSkkuCertificate);
        await WaitForKeysAsync(master, 2);

        var status = await master.GetFromJsonAsync<JsonElement>("/api/v1/keys/skku/status");
        Assert.Equal("kias", status.GetProperty("master_SAE_ID").GetString());
        var issued = await master.GetFromJsonAsync<JsonElement>("/api/v1/keys/skku/enc_keys?number=2&size=256");
        var keys = issued.GetProperty("keys").EnumerateArray().Select(k => (Id: k.GetProperty("key_ID").GetString()!, Key: k.GetProperty("key").GetString()!)).ToList();
        Assert.Equal(2, keys.Count);

        var request = JsonSerializer.Serialize(new { key_IDs = keys.Select(k => new { key_ID = k.Id }) });
        var fetched = await slave.PostAsync("/api/v1/keys/kias/dec_keys", Json(request));
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        var delivered = (await fetched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keys").EnumerateArray()
            .Select(k => (Id: k.GetProperty("key_ID").GetString()!, Key: k.GetProperty("key").GetString()!)).ToList();
        Assert.Equal(keys, delivered);

        await AssertEtsiErrorAsync(await slave.PostAsync("/api/v1/keys/kias/dec_keys", Json(request)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Without_a_certificate_the_SAE_is_refused_even_with_an_admin_key()
    {
        using var anonymous = silo.Tls(null);
        using var keyOnly = silo.Tls(null, silo.Keys.Admins["kias"]);

        var message = await AssertEtsiErrorAsync(await anonymous.GetAsync("/api/v1/keys/skku/status"), HttpStatusCode.Unauthorized);
        Assert.Contains("client certificate", message, StringComparison.Ordinal);
        await AssertEtsiErrorAsync(await keyOnly.GetAsync("/api/v1/keys/skku/enc_keys"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_certificate_from_an_unknown_CA_is_refused()
    {
        using var impostorCa = new TestSaeCertificates("Impostor CA");
        using var impostor = silo.Tls(impostorCa.Client("kias"));

        var message = await AssertEtsiErrorAsync(await impostor.GetAsync("/api/v1/keys/skku/enc_keys"), HttpStatusCode.Unauthorized);
        Assert.Contains("not issued by a trusted SAE CA", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_certificate_is_refused()
    {
        var expired = silo.Authority.Client("kias", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        using var client = silo.Tls(expired);

        var message = await AssertEtsiErrorAsync(await client.GetAsync("/api/v1/keys/skku/enc_keys"), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_not_for_client_authentication_is_refused()
    {
        using var client = silo.Tls(silo.Authority.Client("kias", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), clientAuthentication: false));

        var message = await AssertEtsiErrorAsync(await client.GetAsync("/api/v1/keys/skku/enc_keys"), HttpStatusCode.Unauthorized);
        Assert.Contains("client authentication", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_naming_no_SAE_of_the_network_is_refused()
    {
        using var stranger = silo.Tls(silo.Authority.Client("mallory"));

        var message = await AssertEtsiErrorAsync(await stranger.GetAsync("/api/v1/keys/skku/status"), HttpStatusCode.Unauthorized);
        Assert.Contains("'mallory'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_SAE_that_is_not_the_slave_of_a_pair_cannot_take_its_keys_and_the_slave_still_can()
    {
        using var master = silo.Tls(silo.Authority.Client("kias"));
        using var outsider = silo.Tls(silo.Authority.Client("hanyang"));
        using var slave = silo.Tls(silo.MappedSkkuCertificate);
        await WaitForKeysAsync(master, 1);
        var keyId = (await master.GetFromJsonAsync<JsonElement>("/api/v1/keys/skku/enc_keys")).GetProperty("keys")[0].GetProperty("key_ID").GetString();

        // To hanyang's certificate the key does not exist: the pair is fixed by who calls, not by the path alone.
        await AssertEtsiErrorAsync(await outsider.GetAsync($"/api/v1/keys/kias/dec_keys?key_ID={keyId}"), HttpStatusCode.BadRequest);
        // Nor can the master fetch its own key as if it were the slave.
        await AssertEtsiErrorAsync(await master.GetAsync($"/api/v1/keys/kias/dec_keys?key_ID={keyId}"), HttpStatusCode.BadRequest);

        var fetched = await slave.GetAsync($"/api/v1/keys/kias/dec_keys?key_ID={keyId}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
    }

    [Fact]
    public async Task Plain_HTTP_keeps_the_API_key_fallback()
    {
        using var master = silo.PlainSae("kias");

        var status = await master.GetFromJsonAsync<JsonElement>("/api/v1/keys/skku/status");

        Assert.Equal("kias", status.GetProperty("master_SAE_ID").GetString());
    }
}
