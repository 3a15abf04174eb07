namespace QBroker.Grains.Telemetry;

/// <summary>
/// One institution's row of the fair-share tree as the gauges last saw it: its normalised share of the program, its
/// decayed usage in credits and its fair-share factor in [0, 1].
/// </summary>
public sealed record InstitutionFairShare(string InstitutionId, double NormalizedShare, double DecayedUsage, double Factor);
