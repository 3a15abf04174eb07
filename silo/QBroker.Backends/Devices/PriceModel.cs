namespace QBroker.Backends;

/// <summary>
/// What a task costs in credits (one credit = one US dollar at list price). Providers charge either per task plus
/// per shot (Amazon Braket, IonQ direct) or per second of device time (IBM Quantum pay-as-you-go); a model may mix
/// the three terms. Bound from configuration by <see cref="PriceOptions"/>, where an omitted term is 0.
/// </summary>
public sealed record PriceModel(decimal PerTask = 0m, decimal PerShot = 0m, decimal PerSecond = 0m)
{
    public static PriceModel Free { get; } = new(0m, 0m, 0m);

    /// <summary>Cost of one task that runs <paramref name="shots"/> shots and occupies the device for <paramref name="deviceTime"/>.</summary>
    public decimal EstimateCost(TimeSpan deviceTime, int shots)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shots);
        var seconds = (decimal)Math.Max(0, deviceTime.TotalSeconds);
        return decimal.Round(PerTask + PerShot * shots + PerSecond * seconds, 6);
    }
}
