namespace QBroker.Silo.Tests;

/// <summary>
/// The goal "time" at scale 1, where queues take real time. A GHZ circuit of 10 shots takes about 1.0 s on Rigetti
/// and 2.0 s on IBM: idle, Rigetti finishes it first; while Rigetti has another job of about 5 s to run, IBM does,
/// although Rigetti is the faster device.
/// </summary>
[Collection(TimedSiloCollection.Name)]
public sealed class LivePlacementTests(TimedSilo timed)
{
    private TestSilo Silo => timed.Silo;

    private static object SoonestOnIbmOrRigetti() => new
    {
        qasm = Api.Ghz3,
        shots = 10,
        requirements = new { minQubits = 3, providers = new[] { "ibm", "rigetti" }, optimize = "time" },
    };

    [Fact]
    public async Task Soonest_completion_counts_the_time_a_busy_device_still_needs()
    {
        using var client = Silo.Researcher("kaist-mchoi");
        // 20,000 shots: about 5 s on Rigetti. The scheduler hands it to idle Rigetti before it answers, so the next
        // submission is placed knowing it: IBM's 2 s beat Rigetti's remaining time plus 1 s by a margin of seconds.
        var (_, blocker, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 20_000, device = "rigetti-ankaa-3" });

        var (_, job, body) = await Api.SubmitAsync(client, SoonestOnIbmOrRigetti());
        Assert.True(job is not null, body.ToString());
        var done = await Api.WaitForTerminalAsync(client, job.Id);

        Assert.Equal("completed", done.State);
        Assert.Equal("ibm-brooklyn", done.Device);
        var blocked = await Api.WaitForTerminalAsync(client, blocker!.Id);
        Assert.Equal("completed", blocked.State);
        Assert.Equal("rigetti-ankaa-3", blocked.Device);
    }

    [Fact]
    public async Task Soonest_completion_on_idle_devices_is_the_faster_device()
    {
        using var client = Silo.Researcher("unist-dkang");
        var (_, job, body) = await Api.SubmitAsync(client, SoonestOnIbmOrRigetti());
        Assert.True(job is not null, body.ToString());

        var done = await Api.WaitForTerminalAsync(client, job.Id);

        Assert.Equal("completed", done.State);
        Assert.Equal("rigetti-ankaa-3", done.Device);
    }
}
