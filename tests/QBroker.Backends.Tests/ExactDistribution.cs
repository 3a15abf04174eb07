using QBroker.Backends.Execution;
using QBroker.Backends.StateVector;

namespace QBroker.Backends.Tests;

/// <summary>Exact distribution of the printed bitstrings of a program whose measurements are terminal and noiseless.</summary>
internal static class ExactDistribution
{
    public static Dictionary<string, double> Of(ExecutionProgram program)
    {
        Assert.True(program.MeasurementsAreTerminal);
        var state = new StateVectorSimulator(program.QubitCount);
        foreach (var gate in program.Steps.OfType<GateStep>())
        {
            state.Apply(GateFusion.Single(new UnitaryGate(gate.Gate, gate.Qubits, gate.Parameters)));
        }
        var measurements = program.Steps.OfType<MeasureStep>().ToArray();
        var distribution = new Dictionary<string, double>();
        var clbits = new bool[program.ClbitCount];
        for (var i = 0; i < state.Amplitudes.Length; i++)
        {
            var p = state.Amplitudes[i].Magnitude * state.Amplitudes[i].Magnitude;
            if (p < 1e-14)
            {
                continue;
            }
            Array.Clear(clbits);
            foreach (var m in measurements)
            {
                clbits[m.Clbit] = (i >> m.Qubit & 1) == 1;
            }
            var key = program.Source.FormatBits(clbits);
            distribution[key] = distribution.GetValueOrDefault(key) + p;
        }
        return distribution;
    }

    public static void AssertEqual(Dictionary<string, double> expected, Dictionary<string, double> actual, double tolerance = 1e-9)
    {
        foreach (var key in expected.Keys.Union(actual.Keys))
        {
            Assert.True(Math.Abs(expected.GetValueOrDefault(key) - actual.GetValueOrDefault(key)) < tolerance,
                $"{key}: expected {expected.GetValueOrDefault(key)}, got {actual.GetValueOrDefault(key)}");
        }
    }

    /// <summary>Every observed frequency within five binomial standard deviations of its exact probability, and nothing outside the support.</summary>
    public static void AssertSampledFrom(Dictionary<string, double> exact, IReadOnlyDictionary<string, long> counts)
    {
        var shots = counts.Values.Sum();
        foreach (var key in counts.Keys)
        {
            Assert.True(exact.ContainsKey(key), $"{key} has probability 0 but was observed");
        }
        foreach (var (key, p) in exact)
        {
            var observed = counts.GetValueOrDefault(key) / (double)shots;
            Assert.InRange(observed, p - Exact.FiveSigma(p, shots), p + Exact.FiveSigma(p, shots));
        }
    }
}
