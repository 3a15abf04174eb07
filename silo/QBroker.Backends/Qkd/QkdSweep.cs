namespace QBroker.Backends.Qkd;

/// <summary>A sweep of one link parameter over <see cref="Steps"/> evenly spaced values from <see cref="From"/> to <see cref="To"/>.</summary>
public sealed record QkdSweep(QkdSweepVariable Variable, double From, double To, int Steps)
{
    /// <summary>The swept values, both ends included.</summary>
    public IReadOnlyList<double> Values() =>
        [.. Enumerable.Range(0, Steps).Select(i => Steps == 1 ? From : From + ((To - From) * i / (Steps - 1)))];
}
