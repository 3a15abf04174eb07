using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace QBroker.Silo.Tests.Qkd;

[Collection(QkdSiloCollection.Name)]
public sealed class QkdLinkApiTests(QkdSilo silo)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonElement> WaitForLinkAsync(string id, Func<JsonElement, bool> done, int seconds = 90)
    {
        using var client = silo.Operator();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var link = await client.GetFromJsonAsync<JsonElement>($"/api/v1/qkd/links/{id}");
            if (done(link))
            {
                return link;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Link {id}: {link}");
            }
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task The_demo_network_lists_its_links_with_lengths_and_pools()
    {
        using var client = silo.Client(silo.Keys.Researchers["kaist-yjung"]);

        var links = await client.GetFromJsonAsync<JsonElement>("/api/v1/qkd/links");

        var byId = links.EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);
        Assert.Equal(["daegu-unist", "hanyang-skku", "kaist-daegu", "kaist-kriss", "kias-skku", "kist-skku", "skku-kaist"], byId.Keys.Order());
        Assert.Equal(130, byId["skku-kaist"].GetProperty("lengthKm").GetDouble());
        Assert.InRange(byId["kias-skku"].GetProperty("lengthKm").GetDouble(), 20, 99);
        var pools = byId["kaist-kriss"].GetProperty("pools").EnumerateArray().ToList();
        Assert.Equal([("kaist", "kriss"), ("kriss", "kaist")], pools.Select(p => (p.GetProperty("from").GetString(), p.GetProperty("to").GetString())));
        Assert.All(pools, p => Assert.Contains(p.GetProperty("state").GetString(), new[] { "ready", "charging", "low", "empty" }));
        Assert.All(pools, p => Assert.Equal(QkdSilo.PoolCapacityBytes, p.GetProperty("capacityBytes").GetInt32()));
    }

    [Fact]
    public async Task A_running_link_shows_its_QBER_rate_and_filling_pools()
    {
        var link = await WaitForLinkAsync("kaist-kriss", l => l.GetProperty("blocksRun").GetInt64() > 0 && l.GetProperty("pools")[0].GetProperty("storedBytes").GetInt32() > 0);

        Assert.Equal("active", link.GetProperty("status").GetString());
        Assert.InRange(link.GetProperty("qber").GetDouble(), 0, 0.11);
        Assert.True(link.GetProperty("secureKeyRateBitsPerSecond").GetDouble() > 0);
        Assert.False(link.TryGetProperty("eavesdropper", out _));
    }

    [Fact]
    public async Task Unknown_links_are_404()
    {
        using var client = silo.Operator();

        var response = await client.GetAsync("/api/v1/qkd/links/nowhere");

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("researcher", HttpStatusCode.Forbidden)]
    [InlineData("other-admin", HttpStatusCode.Forbidden)]
    public async Task Only_operators_and_admins_at_either_end_change_a_link(string who, HttpStatusCode expected)
    {
        using var client = who == "researcher" ? silo.Client(silo.Keys.Researchers["kaist-yjung"]) : silo.Sae("unist");

        var response = await client.PatchAsync("/api/v1/qkd/links/kaist-kriss", Json("""{"eavesdropper": null}"""));

        await Api.AssertProblemAsync(response, expected);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"eavesdropper": {"kind": "laser-blinding", "fraction": 1}}""")]
    [InlineData("""{"eavesdropper": {"kind": "intercept-resend", "fraction": 2}}""")]
    [InlineData("""{"eavesdropper": {"kind": "intercept-resend"}}""")]
    [InlineData("""{"eavesdropper": {"kind": "intercept-resend", "fraction": "all"}}""")]
    [InlineData("""{"eavesdropper": 5}""")]
    public async Task Invalid_patches_are_400(string body)
    {
        using var client = silo.Operator();

        var response = await client.PatchAsync("/api/v1/qkd/links/kaist-kriss", Json(body));

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_eavesdropper_makes_sessions_abort_and_key_delivery_fail_closed_until_it_is_removed()
    {
        using var admin = silo.Sae("kriss");
        using var master = silo.Sae("kaist");
        await silo.WaitForKeysAsync("kaist", "kriss", 1);
        // A key served before the attack leaves a reserve of key drawn from the link: the attack must discard it too.
        Assert.Equal(HttpStatusCode.OK, (await master.GetAsync("/api/v1/keys/kriss/enc_keys")).StatusCode);

        var patched = await admin.PatchAsync("/api/v1/qkd/links/kaist-kriss", Json("""{"eavesdropper": {"kind": "intercept-resend", "fraction": 1}}"""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("intercept-resend", (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eavesdropper").GetProperty("kind").GetString());

        // Blocks run only while a pool has room, and a block already running finishes with the old settings: keep
        // taking key (through the reserve) until a block under attack has run and aborted.
        var attacked = await WaitForLinkAsync("kaist-kriss", l =>
        {
            if (l.GetProperty("status").GetString() != "aborting" && l.GetProperty("pools")[0].GetProperty("state").GetString() == "ready")
            {
                master.GetAsync("/api/v1/keys/kriss/enc_keys?number=16&size=512").GetAwaiter().GetResult().Dispose();
            }
            return l.GetProperty("status").GetString() == "aborting";
        });
        // Full intercept-resend gives a QBER of 25 % (Bennett et al. 1992), far above the 11 % abort threshold.
        Assert.True(attacked.GetProperty("qber").GetDouble() > 0.15);
        Assert.Equal(0, attacked.GetProperty("secureKeyRateBitsPerSecond").GetDouble());

        // kriss has no other link: with its only link under attack, key delivery fails closed.
        var refused = await master.GetAsync("/api/v1/keys/kriss/enc_keys");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

        using var operatorClient = silo.Operator();
        var removed = await operatorClient.PatchAsync("/api/v1/qkd/links/kaist-kriss", Json("""{"eavesdropper": null}"""));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        await WaitForLinkAsync("kaist-kriss", l => l.GetProperty("status").GetString() == "active");
        await silo.WaitForKeysAsync("kaist", "kriss", 1);
        var served = await master.GetAsync("/api/v1/keys/kriss/enc_keys");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}
