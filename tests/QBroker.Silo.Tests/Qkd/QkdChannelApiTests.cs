using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace QBroker.Silo.Tests.Qkd;

[Collection(QkdSiloCollection.Name)]
public sealed class QkdChannelApiTests(QkdSilo silo)
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    // Each case has a sender of its own, so the two never see each other's messages.
    [Theory]
    [InlineData("kias", "aes-gcm", "one-time-pad")]
    [InlineData("kist", "hybrid", "hybrid")]
    public async Task Messages_sent_encrypted_arrive_once_in_order(string from, string firstMode, string secondMode)
    {
        await silo.WaitForKeysAsync(from, "skku", 4);
        using var sender = silo.Sae(from);
        using var receiver = silo.Sae("skku");
        // Drain anything an earlier test left, so the check below sees exactly this test's messages.
        await receiver.GetAsync($"/api/v1/qkd/channels/{from}/messages");

        var sent = new List<(long Sequence, string Mode, string Text)>();
        foreach (var (mode, text) in new[] { (firstMode, "results of job 7"), (secondMode, "top secret") })
        {
            var response = await sender.PostAsync("/api/v1/qkd/channels/skku/messages", Json(new { mode, data = Base64(text) }));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            sent.Add(((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64(), mode, text));
        }
        Assert.Equal(sent[0].Sequence + 1, sent[1].Sequence);

        var received = await receiver.GetFromJsonAsync<JsonElement>($"/api/v1/qkd/channels/{from}/messages");
        Assert.Equal(
            sent.Select(m => (m.Sequence, (string?)m.Mode, m.Text)),
            received.EnumerateArray().Select(m => (m.GetProperty("sequence").GetInt64(), m.GetProperty("mode").GetString(), Encoding.UTF8.GetString(Convert.FromBase64String(m.GetProperty("data").GetString()!)))));

        var again = await receiver.GetFromJsonAsync<JsonElement>($"/api/v1/qkd/channels/{from}/messages");
        Assert.Equal(0, again.GetArrayLength());
    }

    [Fact]
    public async Task Without_enough_key_the_channel_fails_closed_and_sends_nothing()
    {
        using var sender = silo.Sae("hanyang");
        using var receiver = silo.Sae("skku");
        await receiver.GetAsync("/api/v1/qkd/channels/hanyang/messages");

        // A one-time pad needs as much key as the message: more than a test pool can ever hold.
        var response = await sender.PostAsync("/api/v1/qkd/channels/skku/messages",
            Json(new { mode = "one-time-pad", data = Convert.ToBase64String(new byte[QkdSilo.PoolCapacityBytes + 1]) }));

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("/problems/no-qkd-key", problem.GetProperty("type").GetString());
        var received = await receiver.GetFromJsonAsync<JsonElement>("/api/v1/qkd/channels/hanyang/messages");
        Assert.Equal(0, received.GetArrayLength());
    }

    [Theory]
    [InlineData("""{"mode": "rot13", "data": "aGk="}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"mode": "aes-gcm", "data": "not base64!"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"mode": "aes-gcm"}""", HttpStatusCode.BadRequest)]
    public async Task Invalid_sends_are_refused(string body, HttpStatusCode expected)
    {
        using var sender = silo.Sae("kias");

        var response = await sender.PostAsync("/api/v1/qkd/channels/skku/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        await Api.AssertProblemAsync(response, expected);
    }

    [Fact]
    public async Task Only_institutions_with_a_QKD_site_use_channels_and_only_with_peers()
    {
        using var researcher = silo.Client(silo.Keys.Researchers["kias-sylee"]);
        using var admin = silo.Sae("kias");

        await Api.AssertProblemAsync(await researcher.GetAsync("/api/v1/qkd/channels/skku/messages"), HttpStatusCode.Forbidden);
        await Api.AssertProblemAsync(await admin.GetAsync("/api/v1/qkd/channels/daegu-tn/messages"), HttpStatusCode.BadRequest);
        await Api.AssertProblemAsync(await admin.GetAsync("/api/v1/qkd/channels/kias/messages"), HttpStatusCode.BadRequest);
    }
}
