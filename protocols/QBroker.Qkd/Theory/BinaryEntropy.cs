namespace QBroker.Qkd.Theory;

public static class BinaryEntropy
{
    /// <summary>H2(x) = -x log2 x - (1 - x) log2 (1 - x), with H2(0) = H2(1) = 0; arguments above 1/2 are clamped to 1/2.</summary>
    public static double H2(double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 0.5)
        {
            return 1;
        }

        return (-x * Math.Log2(x)) - ((1 - x) * Math.Log2(1 - x));
    }
}
