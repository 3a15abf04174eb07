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
}
