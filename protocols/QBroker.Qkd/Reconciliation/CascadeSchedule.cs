namespace QBroker.Qkd.Reconciliation;

/// <summary>Number of passes and block size per pass for each <see cref="CascadeVariant"/>.</summary>
public static class CascadeSchedule
{
    /// <summary>Estimated QBERs below this are raised to it, so that the first block stays a sane size.</summary>
    public const double MinimumQber = 1e-3;

    public static int Passes(CascadeVariant variant) => variant switch
    {
        CascadeVariant.Original => 4,
        CascadeVariant.YanEtAl => 10,
        CascadeVariant.Option3 => 16,
        CascadeVariant.PowerOfTwoBlocks => 24,
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    /// <summary>
    /// Whether later passes leave the last block's parity undisclosed because the frame parity (known after the first
    /// pass) implies it. The original protocol discloses every block parity; keeping it that way lets it reproduce
    /// the published figures for the original.
    /// </summary>
    public static bool InfersLastBlockParity(CascadeVariant variant) => variant != CascadeVariant.Original;

    /// <summary>
    /// 2^ceil(log2(1 / Q)): the first block of Martinez-Mateo et al.'s options (7) and (8). A power of two bisects
    /// evenly, so BINARY never spends a parity on an uneven split, and the block holds about one error or fewer.
    /// </summary>
    private static long FirstPowerOfTwoBlock(double q) => 1L << (int)Math.Ceiling(Math.Log2(1 / q));

    /// <summary>Block size of pass <paramref name="pass"/> (0-based) for frame size n and estimated QBER.</summary>
    public static int BlockSize(CascadeVariant variant, int pass, double qber, int frameBits)
    {
        var q = Math.Max(qber, MinimumQber);
        long size = variant switch
        {
            CascadeVariant.Original => (long)Math.Ceiling(0.73 / q) << pass,
            CascadeVariant.YanEtAl => pass switch
            {
                0 => (long)Math.Ceiling(0.80 / q),
                1 => 5 * (long)Math.Ceiling(0.80 / q),
                _ => frameBits / 2,
            },
            CascadeVariant.Option3 => pass switch
            {
                0 => (long)Math.Ceiling(1 / q),
                1 => 2 * (long)Math.Ceiling(1 / q),
                _ => frameBits / 2,
            },
            CascadeVariant.PowerOfTwoBlocks => pass switch
            {
                0 => FirstPowerOfTwoBlock(q),
                1 => 2 * FirstPowerOfTwoBlock(q),
                _ => frameBits / 2,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
        return (int)Math.Clamp(size, 2, Math.Max(2, frameBits));
    }
}
