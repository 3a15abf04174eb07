using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using QBroker.Client.Api;
using QBroker.Cluster.Tests.History;
using QBroker.Cluster.Tests.Workload;
using Xunit.Abstractions;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>
/// Three silos under a steady workload, and what a failure test needs around them: the fault's time, when
/// membership declared the silo dead, when work flowed again, and the history check once the queue drained.
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    public const int SiloCount = 3;

    private readonly List<IClusterNode> _nodes;
    private readonly List<Func<NodeSettings>> _settings;
    /// <summary>Where jobs and the ledger are: the shared database, or in the negative control each live silo's own store.</summary>
    private readonly List<StoreInspector> _jobStores;
    private readonly Dictionary<string, (StoreInspector Store, string Folder)> _siloLocalStores = new(StringComparer.Ordinal);
    private readonly string _dataRoot;
    private readonly string? _database;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ClusterHarness(List<IClusterNode> nodes, List<Func<NodeSettings>> settings, StoreInspector membership, List<StoreInspector> jobStores, string dataRoot, string? database, ITestOutputHelper output)
    {
        _settings = settings;
        Output = output;
        _nodes = nodes;
        Membership = membership;
        _jobStores = jobStores;
        _dataRoot = dataRoot;
        _database = database;
    }

    public IReadOnlyList<IClusterNode> Nodes => _nodes;

    /// <summary>Where the log goes: the current test's output (a shared cluster serves several tests).</summary>
    public ITestOutputHelper Output { get; set; }

    /// <summary>Where the membership table is: the shared PostgreSQL database.</summary>
    public StoreInspector Membership { get; }

    /// <summary>
    /// Silos (three unless told) of one cluster on a fresh PostgreSQL database, in this process or as processes, with
    /// <paramref name="overrides"/> on top of every silo's test settings.
    /// </summary>
    public static async Task<ClusterHarness> StartAsync(string scenario, bool asProcesses, ITestOutputHelper output, int siloCount = SiloCount,
        IReadOnlyDictionary<string, string>? overrides = null)
    {
        var database = $"qbroker_cluster_{scenario}_{Guid.NewGuid():N}"[..48].ToLowerInvariant();
        var connection = await TestPostgres.CreateDatabaseAsync(database);
        var dataRoot = Path.Combine(Path.GetTempPath(), "qbroker-cluster-" + Guid.NewGuid().ToString("N"));
        var settings = Enumerable.Range(0, siloCount)
            .Select(i => (Func<NodeSettings>)(() => NodeSettings.ClusterSilo($"silo{i}", database, connection, dataRoot).With(overrides ?? new Dictionary<string, string>())))
            .ToList();
        var nodes = new List<IClusterNode>();
        var shared = new StoreInspector(() => new NpgsqlConnection(connection));
        var harness = new ClusterHarness(nodes, settings, shared, [shared], dataRoot, database, output);
        try
        {
            // The first silo creates the schema and seeds the demo world alone; the others then join together.
            nodes.Add(await StartNodeAsync(settings[0], asProcesses));
            nodes.AddRange(await Task.WhenAll(settings.Skip(1).Select(s => StartNodeAsync(s, asProcesses))));
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
        harness.Log($"{siloCount} silo{(siloCount == 1 ? "" : "s")} ready ({(asProcesses ? "processes" : "in-process")}, database {database})");
        return harness;
    }

    /// <summary>
    /// The negative control: three in-process silos of one cluster, with membership on a fresh PostgreSQL database,
    /// each keeping jobs, ledger, grain state and reminders in a SQLite store of its own that dies with it
    /// (<see cref="DestroyStoreOfAsync"/>), as memory storage would.
    /// </summary>
    public static async Task<ClusterHarness> StartWithSiloLocalStoresAsync(string scenario, ITestOutputHelper output)
    {
        var database = $"qbroker_cluster_{scenario}_{Guid.NewGuid():N}"[..48].ToLowerInvariant();
        var connection = await TestPostgres.CreateDatabaseAsync(database);
        var dataRoot = Path.Combine(Path.GetTempPath(), "qbroker-local-" + Guid.NewGuid().ToString("N"));
        var settings = Enumerable.Range(0, SiloCount)
            .Select(i => (Func<NodeSettings>)(() => NodeSettings.SiloLocalStoreSilo($"silo{i}", database, Path.Combine(dataRoot, $"silo{i}"))))
            .ToList();
        var nodes = new List<IClusterNode>();
        var harness = new ClusterHarness(nodes, settings, new StoreInspector(() => new NpgsqlConnection(connection)), [], dataRoot, database, output);
        try
        {
            nodes.Add(await StartNodeAsync(settings[0], asProcess: false, connection));
            nodes.AddRange(await Task.WhenAll(settings.Skip(1).Select(s => StartNodeAsync(s, asProcess: false, connection))));
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
        foreach (var node in nodes)
        {
            var folder = node.Settings.Values["QBroker:DataDir"];
            var store = new StoreInspector(() => new SqliteConnection($"Data Source={Path.Combine(folder, "qbroker.db")}"));
            harness._siloLocalStores[node.Settings.Name] = (store, folder);
            harness._jobStores.Add(store);
        }
        harness.Log($"{SiloCount} silos ready (in-process, each with its own store; membership in database {database})");
        return harness;
    }

    /// <summary>
    /// The negative control's point: a dead silo's store goes with it. Stops <paramref name="node"/> for good (nothing
    /// more can reach its store), deletes the store and returns the ids of the jobs it held.
    /// </summary>
    public async Task<IReadOnlySet<Guid>> DestroyStoreOfAsync(IClusterNode node)
    {
        var (store, folder) = _siloLocalStores[node.Settings.Name];
        await node.DisposeAsync();
        var jobs = await store.JobIdsAsync();
        _jobStores.Remove(store);
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        Log($"{node.Settings.Name}'s store destroyed with {jobs.Count} jobs");
        return jobs;
    }

    /// <summary>
    /// The silo that hosts the scheduler grain now (asked of the silos' <c>/api/v1/cluster</c>): the worst one to
    /// lose, since its loss costs a scheduler recovery on top of its own jobs and executions.
    /// </summary>
    public async Task<IClusterNode> SchedulerHostAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NodeSettings.OperatorKey);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            foreach (var node in _nodes)
            {
                try
                {
                    var cluster = await http.GetFromJsonAsync<ClusterView>(new Uri(node.Settings.BaseAddress, "/api/v1/cluster"));
                    if (cluster?.Scheduler is { } scheduler && NodeAt(scheduler) is { } host)
                    {
                        return host;
                    }
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                    // That silo is down or busy: ask the next one.
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No silo could say which silo hosts the scheduler within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(200);
        }
    }

    public int IndexOf(IClusterNode node) => _nodes.IndexOf(node);

    /// <summary>The node of a silo address in its parsable form ("ip:port@generation"), by port; null if none listens there.</summary>
    public IClusterNode? NodeAt(string siloAddress) => _nodes.FirstOrDefault(node => node.Settings.SiloPort == SiloPort(siloAddress));

    /// <summary>
    /// The earliest completion, over every job store, of an execution started at or after <paramref name="since"/>.
    /// </summary>
    public async Task<DateTimeOffset?> FirstCompletionStartedAfterAsync(DateTimeOffset since)
    {
        DateTimeOffset? first = null;
        foreach (var store in _jobStores)
        {
            if (await store.FirstCompletionStartedAfterAsync(since) is { } at && (first is null || at < first))
            {
                first = at;
            }
        }
        return first;
    }

    /// <summary>Elapsed seconds since the harness started, for the log.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    public void Log(string line) => Output.WriteLine(FormattableString.Invariant($"[{Now,7:F2}s] {line}"));

    /// <summary>A workload over every silo, with a demo researcher's key (each silo's own in the negative control).</summary>
    public SteadyWorkload CreateWorkload(string runId, int total, Func<int, int>? shots = null)
    {
        var targets = _nodes.Select(node => new SubmissionTarget(node.Settings.BaseAddress, ResearcherKey(node.Settings))).ToList();
        return new SteadyWorkload(targets, runId, total, shots);
    }

    /// <summary>
    /// Starts a fresh silo in place of node <paramref name="index"/>, on the same addresses when they are still free
    /// (on new ones otherwise).
    /// </summary>
    public async Task<IClusterNode> ReplaceWithProcessAsync(int index)
    {
        await _nodes[index].DisposeAsync();
        var previous = _nodes[index].Settings;
        var attempts = 0;
        var node = await StartNodeAsync(() => attempts++ == 0 ? previous : _settings[index](), asProcess: true);
        _nodes[index] = node;
        return node;
    }

    /// <summary>
    /// The moment (a <see cref="Stopwatch"/> timestamp) membership declares one more incarnation on
    /// <paramref name="siloPort"/> dead than <paramref name="deadBefore"/>; null if it does not within <paramref name="timeout"/>.
    /// </summary>
    public async Task<long?> WaitForDeathDeclaredAsync(int siloPort, long deadBefore, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await Membership.CountDeadIncarnationsAsync(siloPort) > deadBefore)
            {
                return Stopwatch.GetTimestamp();
            }
            await Task.Delay(50);
        }
        return null;
    }

    /// <summary>
    /// Waits until no job is active in the job stores and no live silo's device list shows queued or running work,
    /// then checks the history against the union of the job stores (in the negative control, those that survive).
    /// </summary>
    public async Task<HistoryVerdict> DrainAndCheckAsync(SteadyWorkload workload, TimeSpan timeout)
    {
        var stores = _jobStores;
        var deadline = DateTime.UtcNow + timeout;
        var depth = -1;
        long active = -1;
        while (DateTime.UtcNow < deadline)
        {
            active = 0;
            foreach (var store in stores)
            {
                active += await store.CountActiveJobsAsync();
            }
            depth = 0;
            foreach (var node in _nodes)
            {
                depth += await StoreInspector.QueuedOrRunningAsync(node.Settings.BaseAddress) ?? 0;
            }
            if (active == 0 && depth == 0)
            {
                break;
            }
            await Task.Delay(250);
        }
        Log($"drain ended with {active} active jobs in the store and {depth} queued or running on the devices");
        var finals = new List<FinalState>();
        foreach (var store in stores)
        {
            finals.Add(await store.ReadAsync(0));
        }
        var final = new FinalState([.. finals.SelectMany(f => f.Jobs)], [.. finals.SelectMany(f => f.Ledger)], depth);
        var verdict = HistoryChecker.Check(workload.Log.Snapshot(), final);
        Log(verdict.Summary(5));
        return verdict;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            try
            {
                await node.DisposeAsync();
            }
            catch (Exception error) when (error is OperationCanceledException or InvalidOperationException or AggregateException)
            {
                Log($"{node.Settings.Name} did not stop cleanly: {error.GetType().Name}");
            }
        }
        SqliteConnection.ClearAllPools();
        if (_database is not null)
        {
            await TestPostgres.DropDatabaseAsync(_database);
        }
        try
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
        catch (IOException)
        {
            // A leftover in the temp folder is harmless.
        }
    }

    /// <summary>
    /// Starts a silo; a port picked as free can be taken by another process before the silo binds it, so a silo that
    /// fails to start is tried again with fresh settings (new ports).
    /// </summary>
    private static async Task<IClusterNode> StartNodeAsync(Func<NodeSettings> settings, bool asProcess, string? membershipConnectionString = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var chosen = settings();
            try
            {
                return asProcess ? await ProcessNode.StartAsync(chosen) : await InProcessNode.StartAsync(chosen, membershipConnectionString);
            }
            catch (Exception error) when (attempt < 3 && error is InvalidOperationException or IOException)
            {
                Console.WriteLine($"{chosen.Name} did not start ({error.Message.Split('\n')[0]}); trying other ports");
            }
        }
    }

    private static string ResearcherKey(NodeSettings settings)
    {
        var file = Path.Combine(settings.Values["QBroker:DataDir"], "demo-keys.json");
        using var keys = JsonDocument.Parse(File.ReadAllText(file));
        return keys.RootElement.GetProperty("researchers").GetProperty("skku-jkim").GetString()
            ?? throw new InvalidOperationException($"No key for skku-jkim in {file}.");
    }

    /// <summary>The port of a silo address in its parsable form, "ip:port@generation".</summary>
    private static int SiloPort(string siloAddress) =>
        int.Parse(siloAddress[(siloAddress.LastIndexOf(':') + 1)..siloAddress.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    /// <summary>Seconds as the test output prints them.</summary>
    public static string Seconds(double? value) => value is { } seconds ? seconds.ToString("F2", CultureInfo.InvariantCulture) + " s" : "never";
}
