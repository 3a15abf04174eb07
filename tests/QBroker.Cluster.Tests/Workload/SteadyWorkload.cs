using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using QBroker.Cluster.Tests.History;

namespace QBroker.Cluster.Tests.Workload;

/// <summary>
/// A steady stream of small circuit jobs through the HTTP API, spread round-robin over the silos by a few
/// concurrent clients. Each job has its own client token; a submission that fails (connection refused, timeout,
/// 5xx, 503 while a silo stops) is sent again with the same token to the next silo, which is safe because
/// submission is idempotent. Only acknowledged (202) submissions are logged.
/// </summary>
public sealed class SteadyWorkload : IAsyncDisposable
{
    /// <summary>A two-qubit Bell circuit: the job is dominated by the broker's own work, not by simulation.</summary>
    private const string Bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n";

    /// <summary>How long one job's token is retried before the workload gives up on it (it may still be stored).</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyList<SubmissionTarget> _silos;
    private readonly HttpClient _http;
    private readonly string _runId;
    private readonly int _total;
    private readonly Func<int, int> _shots;
    private int _next = -1;
    private int _gaveUp;

    /// <param name="shots">The shots of the job with a given index (16 unless told; more shots, a longer execution).</param>
    public SteadyWorkload(IReadOnlyList<SubmissionTarget> silos, string runId, int total, Func<int, int>? shots = null)
    {
        _silos = silos;
        _runId = runId;
        _total = total;
        _shots = shots ?? (_ => 16);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public SubmissionLog Log { get; } = new();

    public int GaveUp => Volatile.Read(ref _gaveUp);

    /// <summary>Submits until <c>total</c> jobs have been tried, with <paramref name="clients"/> concurrent clients.</summary>
    public Task RunAsync(int clients, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => ClientAsync(cancellationToken), cancellationToken)));

    /// <summary>Waits until at least <paramref name="count"/> submissions have been acknowledged.</summary>
    public async Task WaitForAcknowledgedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Log.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {Log.Count} of {count} submissions were acknowledged within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ClientAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var index = Interlocked.Increment(ref _next);
            if (index >= _total)
            {
                return;
            }
            var token = $"{_runId}-{index.ToString(CultureInfo.InvariantCulture)}";
            if (!await SubmitUntilAcknowledgedAsync(token, index, cancellationToken))
            {
                Interlocked.Increment(ref _gaveUp);
            }
        }
    }

    private async Task<bool> SubmitUntilAcknowledgedAsync(string token, int index, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + GiveUpAfter;
        for (var attempt = 0; DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested; attempt++)
        {
            var silo = _silos[(index + attempt) % _silos.Count];
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(silo.BaseAddress, "/api/v1/jobs"))
                {
                    Content = JsonContent.Create(new { qasm = Bell, shots = _shots(index), device = "local-sim", clientToken = token }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", silo.ResearcherKey);
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    var id = Guid.Parse(body.RootElement.GetProperty("id").GetString()!);
                    var escrow = body.RootElement.GetProperty("estimatedCost").GetDecimal();
                    Log.Add(new AcknowledgedSubmission(id, token, escrow), DateTimeOffset.UtcNow);
                    return true;
                }
                if ((int)response.StatusCode is >= 400 and < 500)
                {
                    throw new InvalidOperationException($"Submission {token} was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The silo is down, stopping or slow: the next attempt goes to the next silo.
            }
            await Task.Delay(attempt < 3 ? 20 : 200, cancellationToken);
        }
        return false;
    }
}
