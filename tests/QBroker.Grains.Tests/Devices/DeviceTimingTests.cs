using QBroker.Contracts.Jobs;

namespace QBroker.Grains.Tests.Devices;

/// <summary>
/// A device stays busy for the device time its backend reports times BrokerOptions.DeviceTimeScale. Only lower
/// bounds are asserted: a slow machine may take longer, never shorter.
/// </summary>
public sealed class DeviceTimingTests
{
    private static readonly TimeSpan DeviceTime = TimeSpan.FromSeconds(4);

    private const double Scale = 0.05;

    /// <summary>
    /// Job timestamps are kept in whole milliseconds (truncated), and the device measures its busy time on the
    /// monotonic clock while the timestamps come from the wall clock: allow that much below the exact bound.
    /// </summary>
    private static readonly TimeSpan TimestampResolution = TimeSpan.FromMilliseconds(2);

    [Fact]
    public async Task A_job_holds_a_one_slot_device_for_its_scaled_device_time_so_the_next_starts_after_it()
    {
        await using var cluster = await GrainCluster.StartAsync(script: backend => backend.DeviceTime = DeviceTime, deviceTimeScale: Scale);
        var first = cluster.Grains.GetGrain<IJobGrain>(Guid.NewGuid());
        var second = cluster.Grains.GetGrain<IJobGrain>(Guid.NewGuid());
        await first.Submit(Specs.Circuit());
        await second.Submit(Specs.Circuit(hash: "second"));

        var done = new[] { await Specs.WaitForTerminalAsync(first), await Specs.WaitForTerminalAsync(second) };

        // Whichever the scheduler ran first, the other had to wait for the device.
        Assert.All(done, job => Assert.Equal(JobState.Completed, job.State));
        var (earlier, later) = done[0].StartedAt <= done[1].StartedAt ? (done[0], done[1]) : (done[1], done[0]);
        var scaled = DeviceTime * Scale;
        Assert.Equal(DeviceTime, (await cluster.Store.GetResultAsync(earlier.Id))!.DeviceTime);
        Assert.True(earlier.FinishedAt!.Value - earlier.StartedAt!.Value >= scaled - TimestampResolution,
            $"the first job ran from {earlier.StartedAt:O} to {earlier.FinishedAt:O}, less than {scaled}");
        Assert.True(later.StartedAt!.Value >= earlier.FinishedAt.Value - TimestampResolution,
            $"the second job started at {later.StartedAt:O}, before the first finished at {earlier.FinishedAt:O}");
        Assert.True(later.StartedAt.Value - earlier.StartedAt.Value >= scaled - TimestampResolution,
            $"the second job started {later.StartedAt - earlier.StartedAt} after the first, less than {scaled}");
        Assert.True(later.FinishedAt!.Value - later.StartedAt.Value >= scaled - TimestampResolution,
            $"the second job ran from {later.StartedAt:O} to {later.FinishedAt:O}, less than {scaled}");
    }
}
