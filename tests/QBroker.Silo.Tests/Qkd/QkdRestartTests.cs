using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace QBroker.Silo.Tests.Qkd;

/// <summary>Link configuration, created links, pools and keys awaiting their slave survive a broker restart.</summary>
public sealed class QkdRestartTests
{
    [Fact]
    public async Task An_eavesdropper_setting_and_a_key_awaiting_its_slave_survive_a_restart()
    {
        var first = new QkdSilo();
        await first.InitializeAsync();
        string keyId;
        string key;
        try
        {
            await first.WaitForKeysAsync("kias", "skku", 1);
            using var master = first.Sae("kias");
            var container = await master.GetFromJsonAsync<JsonElement>("/api/v1/keys/skku/enc_keys");
            keyId = container.GetProperty("keys")[0].GetProperty("key_ID").GetString()!;
            key = container.GetProperty("keys")[0].GetProperty("key").GetString()!;
            using var operatorClient = first.Operator();
            var patched = await operatorClient.PatchAsync("/api/v1/qkd/links/kist-skku",
                new StringContent("""{"eavesdropper": {"kind": "photon-number-splitting", "fraction": 0.25}}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            var created = await operatorClient.PostAsync("/api/v1/qkd/links",
                new StringContent("""{"id": "hanyang-kist", "siteA": "hanyang", "siteB": "kist", "lengthKm": 21}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        finally
        {
            await first.StopKeepingDataAsync();
        }

        var second = new QkdSilo();
        await second.StartAsync(first.DataDir);
        try
        {
            using var slave = second.Sae("skku");
            var fetched = await slave.GetFromJsonAsync<JsonElement>($"/api/v1/keys/kias/dec_keys?key_ID={keyId}");
            Assert.Equal(key, fetched.GetProperty("keys")[0].GetProperty("key").GetString());

            using var operatorClient = second.Operator();
            var link = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/qkd/links/kist-skku");
            Assert.Equal("photon-number-splitting", link.GetProperty("eavesdropper").GetProperty("kind").GetString());
            Assert.Equal(0.25, link.GetProperty("eavesdropper").GetProperty("fraction").GetDouble());
            Assert.Equal(50, link.GetProperty("lengthKm").GetDouble());
            var createdLink = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/qkd/links/hanyang-kist");
            Assert.Equal(21, createdLink.GetProperty("lengthKm").GetDouble());
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
