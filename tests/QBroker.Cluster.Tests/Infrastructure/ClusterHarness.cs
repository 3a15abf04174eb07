using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
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
    private readonly List<StoreInspector> _stores;
    private readonly string _dataRoot;
    private readonly string? _database;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ClusterHarness(List<IClusterNode> nodes, List<Func<NodeSettings>> settings, List<StoreInspector> stores, string dataRoot, string? database, ITestOutputHelper output)
    {
        _settings = settings;
        Output = output;
        _nodes = nodes;
        _stores = stores;
        _dataRoot = dataRoot;
        _database = database;
    }

    public IReadOnlyList<IClusterNode> Nodes => _nodes;

    /// <summary>Where the log goes: the current test's output (a shared cluster serves several tests).</summary>
    public ITestOutputHelper Output { get; set; }

    /// <summary>The shared store (the first one in the negative control, where each silo has its own).</summary>
    public StoreInspector Store => _stores[0];

    /// <summary>Silos (three unless told) of one cluster on a fresh PostgreSQL database, in this process or as processes.</summary>
    public static async Task<ClusterHarness> StartAsync(string scenario, bool asProcesses, ITestOutputHelper output, int siloCount = SiloCount)
    {
        var database = $"qbroker_cluster_{scenario}_{Guid.NewGuid():N}"[..48].ToLowerInvariant();
        var connection = await TestPostgres.CreateDatabaseAsync(database);
        var dataRoot = Path.Combine(Path.GetTempPath(), "qbroker-cluster-" + Guid.NewGuid().ToString("N"));
        var settings = Enumerable.Range(0, siloCount)
            .Select(i => (Func<NodeSettings>)(() => NodeSettings.ClusterSilo($"silo{i}", database, connection, dataRoot)))
            .ToList();
        var nodes = new List<IClusterNode>();
        var harness = new ClusterHarness(nodes, settings, [new StoreInspector(() => new NpgsqlConnection(connection))], dataRoot, database, output);
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
    /// The negative control: three in-process silos that each keep their state in a store of their own, as memory
    /// storage would, so a silo's death takes its jobs with it.
    /// </summary>
    public static async Task<ClusterHarness> StartWithLocalStateAsync(ITestOutputHelper output)
    {
        var dataRoot = Path.Combine(Path.GetTempPath(), "qbroker-local-" + Guid.NewGuid().ToString("N"));
        var folders = Enumerable.Range(0, SiloCount).Select(i => Path.Combine(dataRoot, $"silo{i}")).ToList();
        var settings = folders.Select((folder, i) => (Func<NodeSettings>)(() => NodeSettings.LocalStateSilo($"silo{i}", folder))).ToList();
        var stores = folders.Select(folder => new StoreInspector(() => new SqliteConnection($"Data Source={Path.Combine(folder, "qbroker.db")}"))).ToList();
        var nodes = new List<IClusterNode>();
        var harness = new ClusterHarness(nodes, settings, stores, dataRoot, null, output);
        try
        {
            nodes.AddRange(await Task.WhenAll(settings.Select(s => StartNodeAsync(s, asProcess: false))));
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
        return harness;
    }

    /// <summary>Elapsed seconds since the harness started, for the log.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    public void Log(string line) => Output.WriteLine(FormattableString.Invariant($"[{Now,7:F2}s] {line}"));

    /// <summary>A workload over every silo, with a demo researcher's key (each silo's own in the negative control).</summary>
    public SteadyWorkload CreateWorkload(string runId, int total)
    {
        var targets = _nodes.Select(node => new SubmissionTarget(node.Settings.BaseAddress, ResearcherKey(node.Settings))).ToList();
        return new SteadyWorkload(targets, runId, total);
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
            if (await Store.CountDeadIncarnationsAsync(siloPort) > deadBefore)
            {
                return Stopwatch.GetTimestamp();
            }
            await Task.Delay(50);
        }
        return null;
    }

    /// <summary>
    /// Waits until no job is active in the store and no live silo's device list shows queued or running work, then
    /// checks the history against the union of the stores that survive.
    /// </summary>
    public async Task<HistoryVerdict> DrainAndCheckAsync(SteadyWorkload workload, TimeSpan timeout, IReadOnlyList<StoreInspector>? stores = null)
    {
        stores ??= _stores;
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

    /// <summary>Forgets a dead silo's store, as memory storage forgets with its silo (negative control).</summary>
    public IReadOnlyList<StoreInspector> StoresExcept(int index) => [.. _stores.Where((_, i) => i != index)];

    /// <summary>
    /// Starts a silo; a port picked as free can be taken by another process before the silo binds it, so a silo that
    /// fails to start is tried again with fresh settings (new ports).
    /// </summary>
    private static async Task<IClusterNode> StartNodeAsync(Func<NodeSettings> settings, bool asProcess)
    {
        for (var attempt = 1; ; attempt++)
        {
            var chosen = settings();
            try
            {
                return asProcess ? await ProcessNode.StartAsync(chosen) : await InProcessNode.StartAsync(chosen);
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

    /// <summary>Seconds as the test output prints them.</summary>
    public static string Seconds(double? value) => value is { } seconds ? seconds.ToString("F2", CultureInfo.InvariantCulture) + " s" : "never";
}
