namespace QBroker.Qkd.Estimation;

/// <summary>
/// What the vacuum + weak decoy analysis concludes about the signal state: bounds on the background yield Y0, the
/// single-photon yield Y1 and gain Q1, and the single-photon error rate e1, plus the observed gains and error rates.
/// </summary>
public sealed record DecoyBounds(
    double SignalGain,
    double DecoyGain,
    double VacuumGain,
    double SignalErrorRate,
    double DecoyErrorRate,
    double BackgroundYieldLower,
    double BackgroundYieldUpper,
    double SinglePhotonYieldLower,
    double SinglePhotonGainLower,
    double SinglePhotonErrorUpper)
{
    /// <summary>Lower bound on the fraction of signal detections that came from single-photon pulses.</summary>
    public double SinglePhotonFractionLower => SignalGain > 0 ? Math.Clamp(SinglePhotonGainLower / SignalGain, 0, 1) : 0;
}
