namespace QBroker.Qkd.Sweeps;

/// <summary>One curve of a sweep; null where the point has no value (e.g. a rate of zero on a log axis).</summary>
public sealed record SweepSeries(string Name, IReadOnlyList<double?> Values);
