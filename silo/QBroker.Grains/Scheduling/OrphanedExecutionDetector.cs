namespace QBroker.Grains.Scheduling;

/// <summary>
/// Finds executions the scheduler believes are running on a device that the device no longer reports: the device's
/// silo died (the new activation knows nothing of them) or an assignment never reached it. A job is named only when
/// two consecutive observations of a device that answered both miss it, because one observation can fall between
/// the scheduler handing a freed slot its next job and the device registering it.
/// </summary>
public sealed class OrphanedExecutionDetector
{
    private HashSet<(string DeviceId, Guid JobId)> _missingLastTime = [];

    /// <summary>
    /// Records one observation. <paramref name="believed"/> is what the scheduler has running; <paramref name="reported"/>
    /// holds, per device that answered, the jobs it runs. Devices that did not answer are not judged. Returns the
    /// executions missing now and at the previous observation.
    /// </summary>
    public IReadOnlyList<(string DeviceId, Guid JobId)> Observe(
        IEnumerable<(string DeviceId, Guid JobId)> believed,
        IReadOnlyDictionary<string, IReadOnlySet<Guid>> reported)
    {
        var missing = new HashSet<(string DeviceId, Guid JobId)>();
        foreach (var execution in believed)
        {
            if (reported.TryGetValue(execution.DeviceId, out var running) && !running.Contains(execution.JobId))
            {
                missing.Add(execution);
            }
        }
        var orphaned = missing.Where(_missingLastTime.Contains).ToList();
        missing.ExceptWith(orphaned);
        _missingLastTime = missing;
        return orphaned;
    }
}
