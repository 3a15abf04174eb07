using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using QBroker.Client.Api;

namespace QBroker.Cli.Tests.Support;

/// <summary>
/// The views a fake server answers to successive polls of <c>GET /api/v1/jobs/{id}</c>: one per poll in order,
/// then the last one again.
/// </summary>
public sealed class JobScript(params JobView[] views)
{
    private int _polls;

    public int Polls => Volatile.Read(ref _polls);

    public JobView Next() => views[Math.Min(Interlocked.Increment(ref _polls), views.Length) - 1];

    /// <summary>Maps the job endpoint of <paramref name="app"/> to this script.</summary>
    public void MapTo(WebApplication app) => app.MapGet("/api/v1/jobs/{id}", () => Results.Json(Next()));
}
