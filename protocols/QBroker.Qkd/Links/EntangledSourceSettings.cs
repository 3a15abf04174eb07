namespace QBroker.Qkd.Links;

/// <summary>
/// The entangled-pair source of <see cref="QkdProtocol.Bbm92"/>: a polarisation-entangled (|HH> + |VV>)/sqrt(2)
/// spontaneous parametric down-conversion source between the two sites, one photon of each pair sent to Alice and
/// one to Bob. Pair numbers per clock are Poisson (a multi-mode down-conversion source); both arms share the link's
/// fibre loss, Bob's detector is the link's, Alice's may differ. The link's misalignment e_det sets the visibility
/// V = 1 - 2 e_det of the pair correlations.
/// </summary>
public sealed record EntangledSourceSettings
{
    /// <summary>Mean pairs emitted per clock cycle (mu); multi-pair emissions are what limits a bright source.</summary>
    public double MeanPairsPerPulse { get; init; } = 0.1;

    /// <summary>Fibre from the source to Alice, in km; the rest of the link's length is Bob's arm. Null: the middle.</summary>
    public double? AliceArmKm { get; init; }

    /// <summary>Alice's overall detection efficiency; null: the same as Bob's (the link's detector efficiency).</summary>
    public double? AliceDetectorEfficiency { get; init; }

    /// <summary>
    /// Probability that Bob measures at one of the CHSH test angles (+22.5 or -22.5 degrees) instead of a key basis;
    /// those rounds estimate the CHSH value S and never enter the key.
    /// </summary>
    public double TestProbability { get; init; } = 0.1;
}
