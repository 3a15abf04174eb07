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

    /// <summary>
    /// BBM92 (Bennett, Brassard and Mermin, PRL 68, 557 (1992)): an entangled-pair source between the sites, both
    /// parties measuring in Z or X and keeping matching bases, with CHSH test rounds (Bob at +-22.5 degrees) as in
    /// E91. Its security reduces to BB84 with an untrusted source (Koashi and Preskill, PRL 90, 057902 (2003)), so
    /// the key length uses the single-photon BB84 bound.
    /// </summary>
    Bbm92,
}
