namespace QBroker.Qkd.Bits;

/// <summary>
/// Arithmetic in GF(2^64) = GF(2)[x] / (x^64 + x^4 + x^3 + x + 1), the lowest-weight irreducible pentanomial of
/// degree 64 (the reduction polynomial of GHASH-style constructions and of Shoup's NTL tables).
/// </summary>
public static class GaloisField64
{
    // x^64 = x^4 + x^3 + x + 1 modulo the field polynomial.
    private const ulong ReductionTail = 0x1B;

    public static ulong Multiply(ulong a, ulong b)
    {
        var (low, high) = CarrylessMultiplication.MultiplyWords(a, b);
        return Reduce(low, high);
    }

    /// <summary>Reduces high * x^64 + low; two folds suffice because the tail has degree 4.</summary>
    public static ulong Reduce(ulong low, ulong high)
    {
        var (foldLow, foldHigh) = CarrylessMultiplication.MultiplyWords(high, ReductionTail);
        var (secondLow, _) = CarrylessMultiplication.MultiplyWords(foldHigh, ReductionTail);
        return low ^ foldLow ^ secondLow;
    }
}
