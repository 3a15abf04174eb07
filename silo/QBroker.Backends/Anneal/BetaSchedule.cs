namespace QBroker.Backends.Anneal;

/// <summary>
/// The inverse-temperature schedule of dwave-samplers' simulated annealer (dwave/samplers/sa/sampler.py,
/// Apache-2.0; qpu note §5.1): geometric from β_hot to β_cold, one sweep per β. The default range makes the hardest
/// single flip accepted with probability ½ at the start, β_hot = ln 2 / max_i(2·(|h_i| + Σ_j |J_ij|)), and any
/// minimal excitation taken with probability at most 1 % over the variables at the end,
/// β_cold = ln(n / 0.01) / (2·min nonzero |h_i| or |J_ij|).
/// </summary>
public static class BetaSchedule
{
    public static BetaRange DefaultRange(AnnealProblem ising)
    {
        var field = new double[ising.VariableCount];
        var smallest = double.PositiveInfinity;
        for (var i = 0; i < ising.VariableCount; i++)
        {
            field[i] = Math.Abs(ising.Linear[i]);
            if (ising.Linear[i] != 0)
            {
                smallest = Math.Min(smallest, Math.Abs(ising.Linear[i]));
            }
        }
        foreach (var t in ising.Quadratic)
        {
            field[t.I] += Math.Abs(t.Weight);
            field[t.J] += Math.Abs(t.Weight);
            smallest = Math.Min(smallest, Math.Abs(t.Weight));
        }
        var largestField = field.DefaultIfEmpty(0).Max();
        if (largestField == 0)
        {
            // A constant problem: every state is optimal, any temperature will do.
            return new BetaRange(1, 1);
        }
        var hot = Math.Log(2) / (2 * largestField);
        var cold = Math.Log(Math.Max(2, ising.VariableCount) / 0.01) / (2 * smallest);
        return new BetaRange(hot, Math.Max(hot, cold));
    }

    /// <summary>np.geomspace(hot, cold, sweeps).</summary>
    public static double[] Geometric(BetaRange range, int sweeps)
    {
        var betas = new double[sweeps];
        for (var k = 0; k < sweeps; k++)
        {
            betas[k] = sweeps == 1 ? range.Hot : range.Hot * Math.Pow(range.Cold / range.Hot, k / (double)(sweeps - 1));
        }
        return betas;
    }
}
