namespace QBroker.Grains.Telemetry;

/// <summary>
/// One queue as the gauges report it: a device's or an institution's (<paramref name="Key"/> is its id), how many jobs
/// wait in it and since when the oldest waits (null when none does). Ages are computed when the gauge is read, so a
/// snapshot that has not changed for a while still reports the age as of the scrape.
/// </summary>
public readonly record struct QueueLine(string Key, int Queued, DateTimeOffset? OldestEnqueuedAt);
