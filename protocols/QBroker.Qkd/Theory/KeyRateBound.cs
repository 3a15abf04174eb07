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
}
