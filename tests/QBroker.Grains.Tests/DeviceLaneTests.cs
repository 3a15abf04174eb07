using QBroker.Contracts.Devices;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Scheduling;

namespace QBroker.Grains.Tests;

public sealed class DeviceLaneTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static QueueEntry Entry(int priority, int secondsAfterT0, double durationSeconds = 10) =>
        new(Guid.NewGuid(), "ibm-brooklyn", priority, T0.AddSeconds(secondsAfterT0), TimeSpan.FromSeconds(durationSeconds));

    [Fact]
    public void Dispatch_order_is_priority_then_age()
    {
        var lane = new DeviceLane("ibm-brooklyn", 1, DeviceStatus.Online);
        var oldLow = Entry(0, 0);
        var newHigh = Entry(5, 10);
        var newLow = Entry(0, 5);
        lane.Enqueue(oldLow);
        lane.Enqueue(newLow);
        lane.Enqueue(newHigh);

        Assert.True(lane.TryStartNext(T0, out var first));
        Assert.Equal(newHigh.JobId, first.JobId);
        Assert.False(lane.TryStartNext(T0, out _));
        lane.Finish(first.JobId);
        Assert.True(lane.TryStartNext(T0, out var second));
        Assert.Equal(oldLow.JobId, second.JobId);
    }

    [Fact]
    public void Tickets_count_the_jobs_ahead_and_the_remaining_running_time_over_all_slots()
    {
        var lane = new DeviceLane("ibm-brooklyn", 2, DeviceStatus.Online);
        var a = Entry(0, 0, 20);
        var b = Entry(0, 1, 20);
        var c = Entry(0, 2, 10);
        var d = Entry(0, 3, 10);
        foreach (var entry in new[] { a, b, c, d })
        {
            lane.Enqueue(entry);
        }
        lane.TryStartNext(T0, out _);
        lane.TryStartNext(T0, out _);

        // 5 s later: a and b have 15 s left each; c is first in line, d waits behind c.
        var now = T0.AddSeconds(5);
        var ticketC = lane.Ticket(c.JobId, now)!;
        var ticketD = lane.Ticket(d.JobId, now)!;
        Assert.Equal(1, ticketC.Position);
        Assert.Equal(2, ticketD.Position);
        Assert.Equal(now.AddSeconds(15), ticketC.EstimatedStart);
        Assert.Equal(now.AddSeconds(20), ticketD.EstimatedStart);
        Assert.Null(lane.Ticket(a.JobId, now));
    }

    [Fact]
    public void A_device_not_online_starts_nothing_and_duplicates_are_ignored()
    {
        var lane = new DeviceLane("ibm-brooklyn", 1, DeviceStatus.Maintenance);
        var entry = Entry(0, 0);
        Assert.True(lane.Enqueue(entry));
        Assert.False(lane.Enqueue(entry));
        Assert.False(lane.TryStartNext(T0, out _));
        lane.Status = DeviceStatus.Online;
        Assert.True(lane.TryStartNext(T0, out _));
        Assert.False(lane.Enqueue(entry));
        Assert.NotNull(lane.Finish(entry.JobId));
        Assert.Null(lane.Finish(entry.JobId));
    }

    [Fact]
    public void Removing_a_waiting_job_takes_it_out_of_line()
    {
        var lane = new DeviceLane("ibm-brooklyn", 1, DeviceStatus.Maintenance);
        var first = Entry(0, 0);
        var second = Entry(0, 1);
        lane.Enqueue(first);
        lane.Enqueue(second);
        Assert.True(lane.Remove(first.JobId));
        Assert.False(lane.Remove(first.JobId));
        Assert.Equal(1, lane.Ticket(second.JobId, T0)!.Position);
    }
}
