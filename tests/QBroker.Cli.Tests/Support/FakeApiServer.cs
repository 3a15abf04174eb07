using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace QBroker.Cli.Tests.Support;

/// <summary>A request the fake server saw.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string? Authorization, string Body);

/// <summary>
/// A real Kestrel server on a free loopback port whose endpoints each test maps itself, so the client and CLI are
/// exercised over real HTTP without the silo. Records every request it receives.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeApiServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri Url => new(_app.Urls.First());

    public static async Task<FakeApiServer> StartAsync(Action<WebApplication> mapEndpoints)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeApiServer(app);
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            var body = await reader.ReadToEndAsync();
            context.Request.Body.Position = 0;
            server.Requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.FirstOrDefault(),
                body));
            await next(context);
        });
        mapEndpoints(app);
        await app.StartAsync();
        return server;
    }

    /// <summary>An RFC 9457 answer as the silo sends it, optionally with a QASM source position.</summary>
    public static IResult Problem(int status, string title, string? detail = null, int? line = null, int? column = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (line is not null)
        {
            extensions["line"] = line;
            extensions["column"] = column;
        }

        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
