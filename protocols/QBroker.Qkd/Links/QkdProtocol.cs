namespace QBroker.Qkd.Links;

/// <summary>The protocol, which fixes both what is sent and how the key length is bounded.</summary>
public enum QkdProtocol
{
    /// <summary>
    /// BB84 whose security analysis treats every detection as a single photon (Shor-Preskill with the finite-key
    /// correction of Tomamichel et al. 2012). Sound with a single-photon source; with weak coherent pulses it is the
    /// naive analysis that photon-number splitting breaks, kept so that the attack can be demonstrated.
    /// </summary>
    Bb84,

    /// <summary>BB84 with weak coherent pulses and no decoys, bounded by GLLP (Gottesman, Lo, Luetkenhaus, Preskill 2004).</summary>
    Bb84Gllp,

    /// <summary>Decoy-state BB84 with signal, weak decoy and vacuum intensities (Ma, Qi, Zhao, Lo 2005).</summary>
    DecoyStateBb84,
}
