using BenchmarkDotNet.Attributes;
using QBroker.Contracts.Devices;
using QBroker.Grains.Scheduling;

namespace QBroker.Benchmarks.Scheduling;

/// <summary>
/// Memory per queued job: enqueues N jobs (each eligible for two devices, over 200 fair-share leaves) into an empty
/// scheduling core. The jobs are built beforehand, so BenchmarkDotNet's "Allocated" column divided by N is what the
/// queue structures allocate per job (including array growth that is garbage afterwards). The bytes the core still
/// holds once the jobs are queued, with and without the jobs themselves, are measured once in the setup with
/// GC.GetTotalMemory(forceFullCollection: true) and printed to the log as "retained per queued job".
/// </summary>
[MemoryDiagnoser]
public class QueueMemoryBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Devices = ["q1", "q2"];
    private FairShareTree _tree = null!;
    private WaitingJob[] _jobs = null!;

    [Params(1_000, 100_000)]
    public int Queued { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var nodes = new List<FairShareNode> { new(FairShareLeaves.Root, null, 1) };
        var leaves = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var leaf = FairShareLeaves.Leaf("p", $"r{i}");
            if (i == 0)
            {
                nodes.Add(new FairShareNode(FairShareLeaves.Institution("i"), FairShareLeaves.Root, 1));
                nodes.Add(new FairShareNode(FairShareLeaves.Project("p"), FairShareLeaves.Institution("i"), 1));
            }
            nodes.Add(new FairShareNode(leaf, FairShareLeaves.Project("p"), 1));
            leaves.Add(leaf);
        }
        _tree = new FairShareTree(nodes, new FairShareOptions());
        _jobs = [.. Enumerable.Range(0, Queued).Select(i =>
            new WaitingJob(Guid.NewGuid(), leaves[i % leaves.Count], Devices, i % 3, T0.AddMilliseconds(i), TimeSpan.FromSeconds(10), 1))];

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var core = EnqueueAll();
        var withCore = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(core);
        var jobsAlone = MeasureJobs();
        Console.WriteLine($"// retained per queued job at {Queued}: queue structures {(double)(withCore - before) / Queued:F0} B, " +
            $"the job record itself {jobsAlone:F0} B");
    }

    [Benchmark]
    public SchedulingCore EnqueueAll()
    {
        var core = new SchedulingCore(_tree, new JobPriorityOptions(), [("q1", 1, DeviceStatus.Online), ("q2", 1, DeviceStatus.Online)]);
        foreach (var job in _jobs)
        {
            core.Enqueue(job);
        }
        return core;
    }

    /// <summary>Bytes per WaitingJob record (its device list is shared, as the job spec's list is in the broker).</summary>
    private double MeasureJobs()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var copies = _jobs.Select(job => job with { }).ToArray();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(copies);
        return (double)(after - before - ((long)IntPtr.Size * copies.Length)) / copies.Length;
    }
}
