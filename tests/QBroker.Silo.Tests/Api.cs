using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QBroker.Client.Api;

namespace QBroker.Silo.Tests;

/// <summary>Small helpers over raw HTTP, so tests check the wire format itself.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const string Ghz3 = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[3];
        creg c[3];
        h q[0];
        cx q[0], q[1];
        cx q[1], q[2];
        measure q -> c;
        """;

    public static async Task<(HttpStatusCode Status, JobView? Job, JsonElement Body)> SubmitAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/jobs", request, Json);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        var job = response.StatusCode == HttpStatusCode.Accepted ? body.Deserialize<JobView>(Json) : null;
        return (response.StatusCode, job, body);
    }

    public static async Task<JobView> GetJobAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JobView>($"/api/v1/jobs/{id}", Json))!;

    public static async Task<JobView> WaitForStateAsync(HttpClient client, string id, Func<string, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var job = await GetJobAsync(client, id);
            if (done(job.State))
            {
                return job;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {id} is still {job.State}.");
            }
            await Task.Delay(25);
        }
    }

    public static Task<JobView> WaitForTerminalAsync(HttpClient client, string id, TimeSpan? timeout = null) =>
        WaitForStateAsync(client, id, JobStates.IsTerminal, timeout);

    /// <summary>Asserts an RFC 9457 problem document with the given status and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
