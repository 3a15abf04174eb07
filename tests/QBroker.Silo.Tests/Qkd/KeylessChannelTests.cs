using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace QBroker.Silo.Tests.Qkd;

/// <summary>
/// A broker whose links have not run a single block yet (the first is an hour away), so no pair holds any key: every
/// channel mode fails closed with a clear 503 problem, sends nothing, and ETSI key delivery answers 503 too.
/// </summary>
public sealed class KeylessChannelTests(KeylessChannelTests.KeylessSilo silo) : IClassFixture<KeylessChannelTests.KeylessSilo>
{
    private HttpClient Sae(string institution) => silo.Silo.Admin(institution);

    /// <summary>A broker whose first QKD block is an hour away.</summary>
    public sealed class KeylessSilo : IAsyncLifetime
    {
        public TestSilo Silo { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["QBroker:Qkd:BlockPeriod"] = "01:00:00" });

        public async Task DisposeAsync() => await Silo.DisposeAsync();
    }

    [Theory]
    [InlineData("hybrid")]
    [InlineData("aes-gcm")]
    [InlineData("one-time-pad")]
    public async Task With_no_key_every_mode_fails_closed_with_a_503_problem_and_sends_nothing(string mode)
    {
        using var sender = Sae("kias");
        using var receiver = Sae("skku");

        var response = await sender.PostAsync("/api/v1/qkd/channels/skku/messages",
            new StringContent(JsonSerializer.Serialize(new { mode, data = Convert.ToBase64String(Encoding.UTF8.GetBytes("must not leave")) }), Encoding.UTF8, "application/json"));

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("/problems/no-qkd-key", problem.GetProperty("type").GetString());
        Assert.Contains("No QKD key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await receiver.GetFromJsonAsync<JsonElement>("/api/v1/qkd/channels/kias/messages")).GetArrayLength());
    }

    [Fact]
    public async Task With_no_key_ETSI_key_delivery_answers_503_with_a_message()
    {
        using var master = Sae("kias");

        var response = await master.GetAsync("/api/v1/keys/skku/enc_keys");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()));
    }
}
