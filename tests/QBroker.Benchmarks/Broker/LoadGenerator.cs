using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Benchmarks.Broker;

/// <summary>
/// Drives a running broker over its HTTP API. Start the silo first, e.g. with devices of zero duration:
/// <c>QBroker__Broker__DeviceTimeScale=0 dotnet run -c Release --project silo/QBroker.Silo</c>, then
/// <c>dotnet tests/QBroker.Benchmarks/bin/Release/net10.0/QBroker.Benchmarks.dll load [mode] [options]</c>.
/// Common options: <c>--url</c> (or QBROKER_URL; default http://127.0.0.1:5080) and <c>--token</c> (or
/// QBROKER_TOKEN; a researcher's key from data/demo-keys.json).
/// <list type="bullet">
/// <item><c>throughput</c> (the default mode): <c>--jobs N</c> (5000) small Bell circuits of <c>--shots</c> (10) on
/// <c>--device</c> (local-sim) with <c>--concurrency C</c> (32) submissions in flight, optionally capped at
/// <c>--rate R</c> submissions per second. Completion is watched by asking the list API, a few times a second,
/// whether any job of the run is still queued, running or retrying (never one request per job), and afterwards every
/// job of the run is read once, page by page. Prints submissions per second, jobs completed end to end per second
/// (first submission to last completion, server clock), completions per 10-second window (lowest and median of the
/// full windows), submit latency p50/p99 and submit-to-start p50/p99.</item>
/// <item><c>latency</c>: <c>--jobs N</c> (300) jobs submitted one at a time, <c>--interval-ms</c> (50) apart, so the
/// devices are idle at every submission; prints submit-to-dispatch p50/p99 (the job's start minus its creation, both
/// recorded by the broker, millisecond resolution) and the HTTP submit latency.</item>
/// <item><c>fairness</c>: <c>--keys</c> (data/demo-keys.json) <c>--researchers a,b,c</c> (one researcher from each
/// of three institutions; default skku-jkim,kaist-mchoi,kias-sylee) keep <c>--depth</c> (8) identical jobs each
/// queued on <c>--device</c> (ibm-brooklyn), or on any gate device of <c>--providers a,b</c> (placed late by the broker),
/// for <c>--seconds</c> (60); prints each institution's share of the device
/// time used in the second half of the run (from the jobs' recorded start and end) against its target, its fair share
/// among the three (institution shares from /api/v1/usage). Use a fresh data directory, so no earlier usage counts,
/// and a DeviceTimeScale that makes a job last tens of milliseconds (the mode prints the mean job duration).</item>
/// </list>
/// </summary>
public static class LoadGenerator
{
    public const string Bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0], q[1];\nmeasure q -> c;\n";

    private static readonly string[] NotFinished = [JobStates.Queued, JobStates.Running, JobStates.Retrying];

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "throughput";
        var options = new LoadOptions(args.Length > 0 && mode == args[0] ? args[1..] : args);
        return mode switch
        {
            "throughput" => await ThroughputRun.RunAsync(options),
            "latency" => await LatencyRun.RunAsync(options),
            "fairness" => await FairnessRun.RunAsync(options),
            _ => throw new ArgumentException($"Unknown mode '{mode}'. Modes: throughput, latency, fairness."),
        };
    }

    /// <summary>A fresh tag that marks every job of one run, so the run's jobs can be listed apart from all others.</summary>
    public static string NewRunTag(string mode) => $"load-{mode}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Whether any job of the run is still queued, running or retrying: three list requests of one item each.</summary>
    public static async Task<bool> AnyUnfinishedAsync(QBrokerClient client, string tag)
    {
        foreach (var state in NotFinished)
        {
            if ((await client.ListJobsAsync(new JobQuery { Tag = tag, State = state, Limit = 1 })).Items.Count > 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Every job of the run visible to the client, read page by page (500 a page).</summary>
    public static async Task<List<JobView>> ReadRunAsync(QBrokerClient client, string tag, string? state = null)
    {
        var jobs = new List<JobView>();
        string? cursor = null;
        do
        {
            var page = await client.ListJobsAsync(new JobQuery { Tag = tag, State = state, Limit = 500, Cursor = cursor });
            jobs.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return jobs;
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
