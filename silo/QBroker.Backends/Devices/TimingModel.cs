namespace QBroker.Backends;

/// <summary>
/// How long a device is busy, in seconds (doubles, because superconducting gate times are tens of nanoseconds, below
/// the 100 ns resolution of <see cref="TimeSpan"/>). A gate task takes <see cref="TaskOverheadSeconds"/> (loading,
/// compilation, programming) plus, per shot, the circuit's scheduled duration (critical path of gate times), one
/// readout and <see cref="ShotOverheadSeconds"/> (reset / repetition delay). An annealer uses the same shape:
/// programming time per task and anneal + readout + delay per read.
/// </summary>
public sealed record TimingModel(
    double SingleQubitGateSeconds,
    double TwoQubitGateSeconds,
    double ReadoutSeconds,
    double ShotOverheadSeconds,
    double TaskOverheadSeconds)
{
    /// <summary>Takes no time; the default for models that do not set one.</summary>
    public static TimingModel Instantaneous { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Device time for <paramref name="shots"/> repetitions of a circuit whose gates take <paramref name="circuitSeconds"/>.</summary>
    public TimeSpan TaskDuration(double circuitSeconds, int shots) =>
        TimeSpan.FromSeconds(TaskOverheadSeconds + (circuitSeconds + ReadoutSeconds + ShotOverheadSeconds) * shots);
}
