namespace QBroker.Qkd.Sweeps;

/// <summary>
/// How much simulation a sweep may spend per point: enough pulses for about TargetKeyBits sifted key bits, but never
/// more than MaxPulsesPerPoint (points far out stay cheap and simply yield no key). Simulate = false gives theory only.
/// </summary>
public sealed record SweepBudget(int TargetKeyBits = 50_000, long MaxPulsesPerPoint = 2_000_000_000, bool Simulate = true);
