using System.Numerics;
using QBroker.Backends.StateVector;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Tests;

/// <summary>Reference computations for tests: the state of a measurement-free circuit, gate by gate without fusion.</summary>
internal static class Exact
{
    public static Complex[] State(Circuit circuit, int maxFusedQubits = 0)
    {
        var state = new StateVectorSimulator(circuit.QubitCount);
        var gates = circuit.Operations.OfType<GateOperation>()
            .Select(g => new UnitaryGate(g.Gate, g.Qubits.ToArray(), g.Parameters.ToArray())).ToArray();
        var passes = maxFusedQubits == 0 ? gates.Select(GateFusion.Single).ToArray() : GateFusion.Fuse(gates, maxFusedQubits);
        foreach (var pass in passes)
        {
            state.Apply(pass);
        }
        return state.Amplitudes.ToArray();
    }

    public static void AssertClose(Complex expected, Complex actual, double tolerance = 1e-9) =>
        Assert.True((expected - actual).Magnitude < tolerance, $"expected {expected}, got {actual}");

    /// <summary>Equal up to one global phase, which is unobservable.</summary>
    public static void AssertSameUpToPhase(Complex[] expected, Complex[] actual, double tolerance = 1e-9)
    {
        Assert.Equal(expected.Length, actual.Length);
        var pivot = Enumerable.Range(0, expected.Length).MaxBy(i => expected[i].Magnitude);
        var phase = actual[pivot] / expected[pivot];
        Assert.True(Math.Abs(phase.Magnitude - 1) < tolerance, $"norms differ at {pivot}");
        for (var i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i] * phase, actual[i], tolerance);
        }
    }

    /// <summary>
    /// Tolerance for an observed frequency of an event of probability p over n shots: five standard deviations of the
    /// binomial proportion, sqrt(p(1−p)/n), so a correct engine fails about once in 3.5 million runs.
    /// </summary>
    public static double FiveSigma(double p, long n) => 5 * Math.Sqrt(Math.Max(p * (1 - p), 1e-12) / n);
}
