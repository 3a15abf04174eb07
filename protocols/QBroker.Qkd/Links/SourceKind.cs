namespace QBroker.Qkd.Links;

/// <summary>What Alice's transmitter emits per clock cycle.</summary>
public enum SourceKind
{
    /// <summary>An ideal single-photon source: exactly one photon per pulse.</summary>
    SinglePhoton,

    /// <summary>Phase-randomised weak coherent pulses: Poisson photon numbers with the chosen mean.</summary>
    WeakCoherent,
}
