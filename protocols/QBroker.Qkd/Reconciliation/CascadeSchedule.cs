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
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    /// <summary>
    /// Whether later passes leave the last block's parity undisclosed because the frame parity (known after the first
    /// pass) implies it. The original protocol discloses every block parity; keeping it that way lets it reproduce
    /// the published figures for the original.
    /// </summary>
    public static bool InfersLastBlockParity(CascadeVariant variant) => variant != CascadeVariant.Original;

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
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
        return (int)Math.Clamp(size, 2, Math.Max(2, frameBits));
    }
}
