using QBroker.Backends.Execution;

namespace QBroker.Backends;

/// <summary>Classical readout error: the recorded bit flips with p(1|0) when the true outcome is 0 and p(0|1) when it is 1.</summary>
public static class ReadoutNoise
{
    public static bool Apply(bool outcome, MeasureStep measure, DeterministicRandom random)
    {
        if (!measure.HasReadoutError)
        {
            return outcome;
        }
        var flip = outcome ? measure.ProbZeroGivenOne : measure.ProbOneGivenZero;
        return random.NextDouble() < flip ? !outcome : outcome;
    }
}
