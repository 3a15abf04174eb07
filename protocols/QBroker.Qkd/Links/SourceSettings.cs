namespace QBroker.Qkd.Links;

/// <summary>
/// The source: its kind, the mean photon numbers of the signal, weak decoy and vacuum states, and the probabilities
/// with which Alice picks each. Protocols without decoys send only the signal state.
/// </summary>
public sealed record SourceSettings
{
    public SourceKind Kind { get; init; } = SourceKind.WeakCoherent;

    /// <summary>Signal mean photon number mu; 0.48 is near the optimum for the GYS link (Ma et al. 2005).</summary>
    public double SignalIntensity { get; init; } = 0.48;

    /// <summary>Weak decoy mean photon number nu.</summary>
    public double DecoyIntensity { get; init; } = 0.1;

    /// <summary>The vacuum decoy is assumed to emit nothing; the vacuum + weak bound of Ma et al. needs exactly 0.</summary>
    public double VacuumIntensity => 0;

    public double SignalProbability { get; init; } = 0.8;

    public double DecoyProbability { get; init; } = 0.15;

    public double VacuumProbability { get; init; } = 0.05;

    public static SourceSettings SinglePhoton { get; } = new()
    {
        Kind = SourceKind.SinglePhoton, SignalIntensity = 1, SignalProbability = 1, DecoyProbability = 0, VacuumProbability = 0,
    };

    public static SourceSettings WeakPulses(double intensity) => new()
    {
        SignalIntensity = intensity, SignalProbability = 1, DecoyProbability = 0, VacuumProbability = 0,
    };

    public static SourceSettings Decoy(double signal = 0.48, double decoy = 0.1) => new()
    {
        SignalIntensity = signal, DecoyIntensity = decoy,
    };
}
