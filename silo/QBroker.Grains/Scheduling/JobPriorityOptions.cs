namespace QBroker.Grains.Scheduling;

/// <summary>
/// Weights and ranges of <see cref="JobPriority"/>. Slurm advises weights of at least 1000 so that factors keep
/// their resolution once scaled (https://slurm.schedmd.com/priority_multifactor.html); the defaults make fair share
/// dominate and let age and the job's own priority order work of similar standing. PriorityMaxAge defaults to 7
/// days in Slurm as well.
/// </summary>
public sealed record JobPriorityOptions
{
    public double FairShareWeight { get; init; } = 10_000;

    public double AgeWeight { get; init; } = 1_000;

    public double JobPriorityWeight { get; init; } = 1_000;

    /// <summary>The age at which a job's age factor reaches 1 and stops growing.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The lowest priority a researcher may give a job among their own work; maps to 0.</summary>
    public int MinJobPriority { get; init; } = -10;

    /// <summary>The highest priority a researcher may give a job among their own work; maps to 1.</summary>
    public int MaxJobPriority { get; init; } = 10;

    internal void Validate()
    {
        if (!IsWeight(FairShareWeight) || !IsWeight(AgeWeight) || !IsWeight(JobPriorityWeight))
        {
            throw new ArgumentException(
                $"Priority weights must be finite and >= 0 (fair share {FairShareWeight}, age {AgeWeight}, job {JobPriorityWeight}).");
        }

        if (MaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The maximum age must be positive (was {MaxAge}).", nameof(MaxAge));
        }

        if (MinJobPriority >= MaxJobPriority)
        {
            throw new ArgumentException(
                $"The job priority range [{MinJobPriority}, {MaxJobPriority}] is empty.", nameof(MinJobPriority));
        }
    }

    private static bool IsWeight(double weight) => double.IsFinite(weight) && weight >= 0;
}
