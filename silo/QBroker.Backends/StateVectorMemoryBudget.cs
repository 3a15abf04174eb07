namespace QBroker.Backends;

/// <summary>
/// The default memory limit of one state-vector simulation, derived from what the process may actually use rather
/// than a fixed figure, so a circuit that does not fit is refused at submission instead of ending in an
/// <see cref="OutOfMemoryException"/> or an OOM kill. State vectors live on the GC heap, so the basis is
/// <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>: the heap hard limit the runtime derives from a container's
/// memory limit (75 % of it by default), else the machine's memory. <see cref="Fraction"/> of that is for state
/// vectors, shared equally by the simulations that can run at once (every slot of every gate device, since a silo may
/// host all of them); the rest is for the runtime, Orleans, the store and the GC's headroom.
/// </summary>
public static class StateVectorMemoryBudget
{
    /// <summary>Share of the available memory that state vectors may take together.</summary>
    public const double Fraction = 0.5;

    /// <summary>Smallest limit ever derived: one amplitude, so a tiny budget refuses circuits instead of failing validation.</summary>
    public const long MinimumBytes = 16;

    /// <summary>Memory the GC may use in this process, read once (a container's limit does not change while it runs).</summary>
    public static long AvailableBytes { get; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The limit of each of <paramref name="concurrentSimulations"/> simulations sharing <paramref name="availableBytes"/>.</summary>
    public static long PerSimulation(long availableBytes, int concurrentSimulations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(availableBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrentSimulations, 1);
        return Math.Max(MinimumBytes, (long)(availableBytes * Fraction) / concurrentSimulations);
    }
}
