namespace QBroker.Qkd.Estimation;

/// <summary>
/// The public counts parameter estimation works from, per intensity class (signal, decoy, vacuum): pulses sent,
/// clicks, sifted bits, the errors among the disclosed decoy and vacuum bits, and the signal sample. A session
/// observes them; <see cref="Theory.ExpectedCounts"/> predicts them, so both go through the same bounds.
/// </summary>
public sealed record EstimationCounts(
    IReadOnlyList<long> PulsesPerClass,
    IReadOnlyList<long> ClicksPerClass,
    IReadOnlyList<long> SiftedPerClass,
    long DecoyErrors,
    long VacuumErrors,
    int SampleBits,
    int SampleErrors)
{
    /// <summary>Sifted signal bits left for the key once the sample is disclosed.</summary>
    public long KeyBits => SiftedPerClass[0] - SampleBits;

    public double SampledQber => SampleBits > 0 ? (double)SampleErrors / SampleBits : 0;
}
