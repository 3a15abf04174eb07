namespace QBroker.Backends.Qkd;

/// <summary>
/// One session of a QKD experiment's result table: the swept value (null without a sweep), the session's seed, how it
/// ended ("keyEstablished" or the abort reason, e.g. "qberAboveThreshold") and its figures (<see cref="QkdFigures"/>).
/// </summary>
public sealed record QkdResultRow(double? SweepValue, ulong Seed, string Outcome, IReadOnlyDictionary<string, double> Figures);
