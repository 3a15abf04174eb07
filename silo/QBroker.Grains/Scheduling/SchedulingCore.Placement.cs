using QBroker.Contracts.Devices;

namespace QBroker.Grains.Scheduling;

/// <summary>
/// Where a waiting job waits. A job without per-device durations waits in the queues of all its devices, and the
/// first to free a slot takes it (late binding). A job that asks for the soonest completion carries its duration on
/// each device and is placed when it is enqueued, on the online device where it would finish first: the start its
/// ticket would show there (the jobs that outrank it, and the running ones' remaining time, over the device's slots)
/// plus its own duration on that device. So a slow device that frees first no longer takes it from a fast one that
/// frees a little later. Ties go to the shorter duration, then to the order of the job's devices (the submission
/// lists them fastest first), which is what decides when every estimate is "now" (a device time scale of 0).
/// Deciding at enqueue, not at each dispatch, keeps the dispatch decision a scan of queue heads; the price is that an
/// estimate that proves wrong is not revisited, except when the chosen device stops taking work (the job is placed
/// again) and on a retry (placed again, away from the device that failed it).
/// </summary>
public sealed partial class SchedulingCore
{
    /// <summary>
    /// Puts a job back in line after a transient fault on <paramref name="failedOn"/>: it waits on its other eligible
    /// devices that are online, so the retry does not meet the same fault; on all of them (the failed one included)
    /// when none of the others is online. A soonest-completion job is placed again among those.
    /// </summary>
    public bool Requeue(WaitingJob job, string failedOn, DateTimeOffset now)
    {
        var others = job.EligibleDevices.Where(deviceId => deviceId != failedOn && IsOnline(deviceId)).ToList();
        return Enqueue(job with { Devices = others.Count > 0 ? others : job.EligibleDevices }, now);
    }

    /// <summary>The devices a job should wait on among the known <paramref name="candidates"/> (returned as is when there is no choice to make).</summary>
    private List<string> Place(WaitingJob job, List<string> candidates, DateTimeOffset now)
    {
        if (job.DurationOnDevice is null || candidates.Count < 2)
        {
            return candidates;
        }
        var score = Score(job, now);
        string? best = null;
        var bestCompletion = DateTimeOffset.MaxValue;
        var bestDuration = TimeSpan.MaxValue;
        foreach (var deviceId in candidates)
        {
            if (EstimateStart(_devices[deviceId], job, score, now).Start is not { } start)
            {
                continue;
            }
            var duration = DurationOn(job, deviceId);
            var completion = start + duration;
            if (completion < bestCompletion || (completion == bestCompletion && duration < bestDuration))
            {
                (best, bestCompletion, bestDuration) = (deviceId, completion, duration);
            }
        }
        // None online: no estimate to go by, so the job waits for whichever comes back first.
        return best is null ? candidates : [best];
    }

    private static TimeSpan DurationOn(WaitingJob job, string deviceId)
    {
        var durations = job.DurationOnDevice!;
        for (var i = 0; i < job.EligibleDevices.Count && i < durations.Count; i++)
        {
            if (job.EligibleDevices[i] == deviceId)
            {
                return durations[i];
            }
        }
        return job.EstimatedDuration;
    }

    private bool IsOnline(string deviceId) => _devices.TryGetValue(deviceId, out var device) && device.Status == DeviceStatus.Online;

    /// <summary>
    /// Jobs waiting on a subset of their eligible devices none of which is online any more go back to all of them
    /// (placed again when they ask for the soonest completion). Jobs that may only run here keep waiting for it.
    /// </summary>
    private void Unstrand(DeviceSlots device, DateTimeOffset now)
    {
        var stranded = device.WaitingJobs()
            .Where(job => job.Devices.Count < job.EligibleDevices.Count && !job.Devices.Any(IsOnline))
            .ToList();
        foreach (var job in stranded)
        {
            Remove(job.JobId);
            Enqueue(job with { Devices = job.EligibleDevices }, now);
        }
    }
}
