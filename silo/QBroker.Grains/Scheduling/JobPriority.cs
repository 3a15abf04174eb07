namespace QBroker.Grains.Scheduling;

/// <summary>
/// A job's dispatch priority, after Slurm's multifactor plugin (https://slurm.schedmd.com/priority_multifactor.html):
/// a weighted sum of factors that each lie in [0,1]. Higher runs first.
/// </summary>
public static class JobPriority
{
    /// <summary>
    /// FairShareWeight·F + AgeWeight·min(age/MaxAge, 1) + JobPriorityWeight·(p - Min)/(Max - Min).
    /// A negative age (the submitter's clock ahead of the scheduler's) counts as 0. A job priority outside
    /// [Min, Max] is clamped into it, so no stored value can outweigh the configured weights.
    /// </summary>
    public static double Compute(double fairShareFactor, TimeSpan age, int jobPriority, JobPriorityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!(fairShareFactor >= 0 && fairShareFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fairShareFactor), fairShareFactor, "A fair-share factor lies in [0,1].");
        }

        var ageFactor = age <= TimeSpan.Zero ? 0 : Math.Min(1, (double)age.Ticks / options.MaxAge.Ticks);
        var ownFactor = (double)((long)Math.Clamp(jobPriority, options.MinJobPriority, options.MaxJobPriority) - options.MinJobPriority)
            / ((long)options.MaxJobPriority - options.MinJobPriority);
        return (options.FairShareWeight * fairShareFactor) + (options.AgeWeight * ageFactor) + (options.JobPriorityWeight * ownFactor);
    }
}
