using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using QBroker.Cli.Tests.Support;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Cli.Tests;

public sealed class QBrokerClientTests
{
    [Fact]
    public async Task Submit_posts_camel_case_json_with_the_bearer_token_and_reads_the_job()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapPost("/api/v1/jobs", () => Results.Json(SampleViews.Job("j-1", queuePosition: 3) with { Duplicate = true }, statusCode: 202)));
        using var client = new QBrokerClient(server.Url, "key-123");

        var job = await client.SubmitJobAsync(new SubmitJobRequest
        {
            Qasm = "OPENQASM 2.0;",
            Shots = 100,
            Requirements = new JobRequirements { MinQubits = 5, Providers = ["ionq"] },
            ClientToken = "t-1",
        });

        Assert.Equal("j-1", job.Id);
        Assert.Equal(3, job.QueuePosition);
        Assert.True(job.Duplicate);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer key-123", request.Authorization);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(100, body.RootElement.GetProperty("shots").GetInt32());
        Assert.Equal("t-1", body.RootElement.GetProperty("clientToken").GetString());
        Assert.Equal(5, body.RootElement.GetProperty("requirements").GetProperty("minQubits").GetInt32());
    }

    [Fact]
    public async Task A_problem_answer_throws_with_status_parsed_problem_and_detail_as_message()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/jobs/{id}", (string id) => FakeApiServer.Problem(404, "Not Found", $"job {id} does not exist")));
        using var client = new QBrokerClient(server.Url, "key");

        var error = await Assert.ThrowsAsync<QBrokerApiException>(() => client.GetJobAsync("j-9"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("job j-9 does not exist", error.Message);
        Assert.Equal("Not Found", error.Problem.Title);
        Assert.Equal(404, error.Problem.Status);
        Assert.EndsWith("/api/v1/jobs/j-9", error.RequestUri.AbsoluteUri);
    }

    [Fact]
    public async Task A_qasm_problem_keeps_line_and_column()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapPost("/api/v1/jobs", () => FakeApiServer.Problem(400, "Invalid QASM", "unknown gate 'hh'", line: 4, column: 1)));
        using var client = new QBrokerClient(server.Url, "key");

        var error = await Assert.ThrowsAsync<QBrokerApiException>(() => client.SubmitJobAsync(new SubmitJobRequest { Qasm = "x", Shots = 1 }));

        Assert.Equal(4, error.Problem.Line);
        Assert.Equal(1, error.Problem.Column);
        Assert.Equal("unknown gate 'hh'", error.Message);
    }

    [Fact]
    public async Task A_non_json_error_uses_the_status_line_as_message()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/whoami", () => Results.Text("<html>bad gateway</html>", "text/html", statusCode: 502)));
        using var client = new QBrokerClient(server.Url, "key");

        var error = await Assert.ThrowsAsync<QBrokerApiException>(() => client.WhoAmIAsync());

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("Bad Gateway", error.Message);
    }

    [Fact]
    public async Task A_refused_connection_throws_a_connection_exception_naming_the_url()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        using var client = new QBrokerClient(url, "key");

        var error = await Assert.ThrowsAsync<QBrokerConnectionException>(() => client.GetDevicesAsync());

        Assert.Contains($"{url}api/v1/devices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_connection_failure()
    {
        // The caller gives up while the request is in flight: the server cancels, then keeps the answer back.
        var release = new TaskCompletionSource();
        using var cancellation = new CancellationTokenSource();
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/devices", async () =>
            {
                await cancellation.CancelAsync();
                await release.Task;
                return Results.Json(Array.Empty<DeviceView>());
            }));
        using var client = new QBrokerClient(server.Url, "key");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetDevicesAsync(cancellation.Token));
        release.SetResult();
    }

    [Fact]
    public async Task List_sends_every_filter_in_the_query_string()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/jobs", () => Results.Json(new JobPage([SampleViews.Job("j-1")], "c-2"))));
        using var client = new QBrokerClient(server.Url, "key");

        var page = await client.ListJobsAsync(new JobQuery { State = "queued", Tag = "a b", Limit = 5 });

        Assert.Equal("c-2", page.NextCursor);
        Assert.Equal("j-1", Assert.Single(page.Items).Id);
        Assert.Equal("/api/v1/jobs?state=queued&tag=a%20b&limit=5", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task A_base_url_with_a_path_prefix_keeps_the_prefix()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/qbroker/api/v1/devices/{id}", (string id) => Results.Json(SampleViews.Device(id))));
        using var client = new QBrokerClient(new Uri(server.Url, "/qbroker"), "key");

        var device = await client.GetDeviceAsync("ionq 11");

        Assert.Equal("ionq 11", device.Id);
        Assert.Equal("/qbroker/api/v1/devices/ionq%2011", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Wait_reports_each_change_once_and_returns_the_terminal_view()
    {
        // The server walks the job through queued(2), queued(2), queued(1), running, running, completed.
        var script = new JobScript(
            SampleViews.Job("j-1", JobStates.Queued, 2),
            SampleViews.Job("j-1", JobStates.Queued, 2),
            SampleViews.Job("j-1", JobStates.Queued, 1),
            SampleViews.Job("j-1", JobStates.Running),
            SampleViews.Job("j-1", JobStates.Running),
            SampleViews.Job("j-1", JobStates.Completed));
        await using var server = await FakeApiServer.StartAsync(script.MapTo);
        using var client = new QBrokerClient(server.Url, "key");
        var seen = new List<string>();

        var final = await client.WaitForTerminalAsync("j-1", TimeSpan.FromMilliseconds(10), job => seen.Add($"{job.State}:{job.QueuePosition}"));

        Assert.Equal(JobStates.Completed, final.State);
        Assert.Equal(["queued:2", "queued:1", "running:", "completed:"], seen);
        Assert.Equal(6, script.Polls);
    }

    [Fact]
    public void An_http_client_without_base_address_is_rejected()
    {
        using var http = new HttpClient();
        Assert.Throws<ArgumentException>(() => new QBrokerClient(http));
    }

    [Fact]
    public async Task A_caller_supplied_http_client_is_used_and_not_disposed()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/whoami", () => Results.Json(new WhoAmI { Role = "researcher", Subject = "alice" })));
        using var http = new HttpClient { BaseAddress = server.Url };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "k");

        using (var client = new QBrokerClient(http))
        {
            Assert.Equal("alice", (await client.WhoAmIAsync()).Subject);
        }

        // Still usable after the QBrokerClient is gone: the caller owns it.
        using var again = new QBrokerClient(http);
        Assert.Equal("researcher", (await again.WhoAmIAsync()).Role);
    }

    [Fact]
    public async Task A_read_is_retried_while_the_server_is_starting()
    {
        var calls = 0;
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/whoami", (HttpContext context) =>
            {
                if (Interlocked.Increment(ref calls) < 3)
                {
                    context.Response.Headers.RetryAfter = "0";
                    return FakeApiServer.Problem(503, "Starting up", "retry in a moment");
                }

                return Results.Json(new WhoAmI { Role = "operator", Subject = "op" });
            }));
        using var client = new QBrokerClient(server.Url, "key");

        Assert.Equal("op", (await client.WhoAmIAsync()).Subject);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_write_is_not_retried_on_503()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapPost("/api/v1/jobs/{id}/cancel", (HttpContext context) =>
            {
                context.Response.Headers.RetryAfter = "0";
                return FakeApiServer.Problem(503, "Starting up", "retry in a moment");
            }));
        using var client = new QBrokerClient(server.Url, "key");

        var error = await Assert.ThrowsAsync<QBrokerApiException>(() => client.CancelJobAsync("j-1"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_503_without_retry_after_is_final()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/devices", () => FakeApiServer.Problem(503, "Down", "maintenance")));
        using var client = new QBrokerClient(server.Url, "key");

        await Assert.ThrowsAsync<QBrokerApiException>(() => client.GetDevicesAsync());
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_tolerant_wait_rides_out_a_restarting_server()
    {
        var polls = 0;
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/jobs/{id}", (string id) => Interlocked.Increment(ref polls) switch
            {
                1 => Results.Json(SampleViews.Job(id, JobStates.Running)),
                2 or 3 => FakeApiServer.Problem(503, "Starting up", "recovering"),
                _ => Results.Json(SampleViews.Job(id, JobStates.Completed)),
            }));
        using var client = new QBrokerClient(server.Url, "key");

        var final = await client.WaitForTerminalAsync("j-1", TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(30), null);

        Assert.Equal(JobStates.Completed, final.State);
        Assert.Equal(4, polls);
    }

    [Fact]
    public async Task An_intolerant_wait_ends_at_the_first_outage()
    {
        var polls = 0;
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/jobs/{id}", (string id) => Interlocked.Increment(ref polls) == 1
                ? Results.Json(SampleViews.Job(id, JobStates.Running))
                : FakeApiServer.Problem(503, "Starting up", "recovering")));
        using var client = new QBrokerClient(server.Url, "key");

        var error = await Assert.ThrowsAsync<QBrokerApiException>(() => client.WaitForTerminalAsync("j-1", TimeSpan.FromMilliseconds(10)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(2, polls);
    }

    [Fact]
    public async Task A_tolerant_wait_still_ends_on_an_answer_about_the_job()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/jobs/{id}", (string id) => FakeApiServer.Problem(404, "Not found", $"no job {id}")));
        using var client = new QBrokerClient(server.Url, "key");

        var error = await Assert.ThrowsAsync<QBrokerApiException>(() =>
            client.WaitForTerminalAsync("j-1", TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(30), null));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("token-1", 2)]
    [InlineData(null, 1)]
    public async Task Only_a_submission_with_a_client_token_is_retried_on_503(string? clientToken, int expectedRequests)
    {
        var calls = 0;
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapPost("/api/v1/jobs", (HttpContext context) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    context.Response.Headers.RetryAfter = "0";
                    return FakeApiServer.Problem(503, "Starting up", "retry in a moment");
                }

                return Results.Json(SampleViews.Job("j-1"), statusCode: 202);
            }));
        using var client = new QBrokerClient(server.Url, "key");
        var request = new SubmitJobRequest { Qasm = "OPENQASM 2.0;", Shots = 1, ClientToken = clientToken };

        var outcome = await Record.ExceptionAsync(() => client.SubmitJobAsync(request));

        Assert.Equal(expectedRequests, server.Requests.Count);
        Assert.Equal(clientToken is null, outcome is QBrokerApiException { StatusCode: HttpStatusCode.ServiceUnavailable });
        Assert.All(server.Requests, r => Assert.Contains("OPENQASM 2.0;", r.Body, StringComparison.Ordinal));
    }
}
