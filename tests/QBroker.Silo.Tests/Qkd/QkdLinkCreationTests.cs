using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace QBroker.Silo.Tests.Qkd;

/// <summary>POST /api/v1/qkd/links on a broker of its own (the shared one must keep exactly the demo links).</summary>
public sealed class QkdLinkCreationTests(QkdSilo silo) : IClassFixture<QkdSilo>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task An_operator_creates_a_link_that_is_listed_and_produces_key()
    {
        using var operatorClient = silo.Operator();

        var response = await operatorClient.PostAsync("/api/v1/qkd/links",
            Json("""{"id": "kias-kist", "siteA": "kias", "siteB": "kist", "lengthKm": 12.5, "detectorEfficiency": 0.1}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/qkd/links/kias-kist", response.Headers.Location?.OriginalString);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("kias", "kist", 12.5, 0.1, 0.21), (created.GetProperty("siteA").GetString(), created.GetProperty("siteB").GetString(),
            created.GetProperty("lengthKm").GetDouble(), created.GetProperty("detectorEfficiency").GetDouble(), created.GetProperty("lossDbPerKm").GetDouble()));
        var listed = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/qkd/links");
        Assert.Contains("kias-kist", listed.EnumerateArray().Select(l => l.GetProperty("id").GetString()));

        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonElement link;
        do
        {
            await Task.Delay(100);
            link = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/qkd/links/kias-kist");
        }
        while (link.GetProperty("pools")[0].GetProperty("storedBytes").GetInt32() == 0 && DateTime.UtcNow < deadline);
        Assert.True(link.GetProperty("pools")[0].GetProperty("storedBytes").GetInt32() > 0, link.ToString());
    }

    [Fact]
    public async Task Only_operators_create_links()
    {
        using var admin = silo.Sae("kias");

        var response = await admin.PostAsync("/api/v1/qkd/links", Json("""{"id": "kias-hanyang", "siteA": "kias", "siteB": "hanyang", "lengthKm": 30}"""));

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_link_id_in_use_is_a_conflict()
    {
        using var operatorClient = silo.Operator();

        var response = await operatorClient.PostAsync("/api/v1/qkd/links", Json("""{"id": "kaist-kriss", "siteA": "kaist", "siteB": "kriss", "lengthKm": 6}"""));

        await Api.AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"siteA": "a", "siteB": "b", "lengthKm": 10}""", "id")]
    [InlineData("""{"id": "Bad Id", "siteA": "a", "siteB": "b", "lengthKm": 10}""", "id")]
    [InlineData("""{"id": "a-b", "siteA": "a", "siteB": "a", "lengthKm": 10}""", "siteB")]
    [InlineData("""{"id": "a-b", "siteA": "a", "siteB": "b"}""", "lengthKm")]
    [InlineData("""{"id": "a-b", "siteA": "a", "siteB": "b", "lengthKm": -3}""", "lengthKm")]
    [InlineData("""{"id": "a-b", "siteA": "a", "siteB": "b", "lengthKm": 900}""", "lengthKm")]
    [InlineData("""{"id": "a-b", "siteA": "a", "siteB": "b", "lengthKm": 10, "clockRateHz": 0}""", "clockRateHz")]
    [InlineData("""{"id": "a-b", "siteA": "a", "siteB": "b", "lengthKm": 10, "lossDbPerKm": 50}""", "lossDbPerKm")]
    [InlineData("""{"id": "a-b", "siteA": "a", "siteB": "b", "lengthKm": 10, "detectorEfficiency": 1.5}""", "physics")]
    [InlineData("""{"id": "a-b", "siteA": "a", "siteB": "b", "lengthKm": 10, "misalignment": 0.7}""", "physics")]
    public async Task Invalid_links_get_a_validation_problem_naming_the_field(string body, string field)
    {
        using var operatorClient = silo.Operator();

        var response = await operatorClient.PostAsync("/api/v1/qkd/links", Json(body));

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var listed = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/qkd/links");
        Assert.DoesNotContain("a-b", listed.EnumerateArray().Select(l => l.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"id": "a-b", "siteA": "a", "siteB": "b", "lengthKm": "far"}""")]
    public async Task Malformed_bodies_are_400(string body)
    {
        using var operatorClient = silo.Operator();

        await Api.AssertProblemAsync(await operatorClient.PostAsync("/api/v1/qkd/links", Json(body)), HttpStatusCode.BadRequest);
    }
}
