namespace QBroker.Grains.Scheduling;

/// <summary>
/// Parameters of the fair-share calculation, with the defaults of Slurm's priority/multifactor plugin
/// (PriorityDecayHalfLife=7-0, FairShareDampeningFactor=1; https://slurm.schedmd.com/priority_multifactor.html).
/// </summary>
public sealed record FairShareOptions
{
    /// <summary>
    /// Time after which recorded usage counts half as much. <see cref="TimeSpan.Zero"/> turns decay off, so usage
    /// accumulates for ever (Slurm pairs that with a periodic reset, which is the caller's to do by building a new
    /// tree).
    /// </summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The d in F = 2^(-U_E/S/d). Values above 1 flatten the factor, so that a community which overspends its
    /// shares everywhere still spreads over more of the [0,1] range.
    /// </summary>
    public double DampeningFactor { get; init; } = 1;

    internal void Validate()
    {
        if (HalfLife < TimeSpan.Zero)
        {
            throw new ArgumentException($"The fair-share half-life must not be negative (was {HalfLife}).", nameof(HalfLife));
        }

        if (!double.IsFinite(DampeningFactor) || DampeningFactor <= 0)
        {
            throw new ArgumentException(
                $"The fair-share dampening factor must be a positive number (was {DampeningFactor}).", nameof(DampeningFactor));
        }
    }
}
