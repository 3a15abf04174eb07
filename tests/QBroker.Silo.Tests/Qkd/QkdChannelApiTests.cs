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

    [Fact]
    public async Task Messages_sent_encrypted_arrive_once_in_order_in_both_modes()
    {
        await silo.WaitForKeysAsync("kias", "skku", 4);
        using var sender = silo.Sae("kias");
        using var receiver = silo.Sae("skku");
        // Drain anything an earlier test left, so the check below sees exactly this test's messages.
        await receiver.GetAsync("/api/v1/qkd/channels/kias/messages");

        var first = await sender.PostAsync("/api/v1/qkd/channels/skku/messages", Json(new { mode = "aes-gcm", data = Base64("results of job 7") }));
        var second = await sender.PostAsync("/api/v1/qkd/channels/skku/messages", Json(new { mode = "one-time-pad", data = Base64("top secret") }));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var firstSequence = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64();
        var secondSequence = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64();
        Assert.Equal(firstSequence + 1, secondSequence);

        var received = await receiver.GetFromJsonAsync<JsonElement>("/api/v1/qkd/channels/kias/messages");
        Assert.Equal(
            [(firstSequence, "aes-gcm", "results of job 7"), (secondSequence, "one-time-pad", "top secret")],
            received.EnumerateArray().Select(m => (m.GetProperty("sequence").GetInt64(), m.GetProperty("mode").GetString(), Encoding.UTF8.GetString(Convert.FromBase64String(m.GetProperty("data").GetString()!)))));

        var again = await receiver.GetFromJsonAsync<JsonElement>("/api/v1/qkd/channels/kias/messages");
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
