namespace QBroker.Qkd.Theory;

/// <summary>Which asymptotic key-rate formula to evaluate.</summary>
public enum KeyRateBound
{
    /// <summary>BB84 with an ideal single-photon source (Shor-Preskill).</summary>
    SinglePhoton,

    /// <summary>Weak coherent pulses without decoys (GLLP).</summary>
    Gllp,

    /// <summary>Decoy state with infinitely many decoys: Q1 and e1 known exactly.</summary>
    InfiniteDecoy,

    /// <summary>One weak decoy and the vacuum (Ma, Qi, Zhao, Lo 2005).</summary>
    VacuumWeakDecoy,

    /// <summary>
    /// BBM92 with the pair source in the middle of the link, both detectors eta_Bob, no test rounds; the "intensity"
    /// is the mean number of pairs per clock cycle (<see cref="EntangledKeyRateTheory"/>).
    /// </summary>
    Bbm92,
}
