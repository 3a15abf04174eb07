using QBroker.Backends.Execution;

namespace QBroker.Backends;

/// <summary>
/// Draws the Pauli errors of noise steps, shared by every engine so they sample the same channel the same way.
/// Paulis are numbered 0 = I, 1 = X, 2 = Y, 3 = Z; a Pauli string on n qubits is a code with qubit j's Pauli in
/// bits 2j and 2j+1.
/// </summary>
public static class PauliSampling
{
    /// <summary>The Pauli a <see cref="PauliNoiseStep"/> applies on this shot (0 when none).</summary>
    public static int Sample(PauliNoiseStep step, DeterministicRandom random)
    {
        var u = random.NextDouble();
        return u < step.ProbabilityX ? 1
            : u < step.ProbabilityX + step.ProbabilityY ? 2
            : u < step.ProbabilityX + step.ProbabilityY + step.ProbabilityZ ? 3
            : 0;
    }

    /// <summary>The Pauli string a <see cref="DepolarizingStep"/> applies on this shot (0 when none).</summary>
    public static int Sample(DepolarizingStep step, DeterministicRandom random) =>
        random.NextDouble() < step.ErrorProbability ? RandomNonIdentity(step.Qubits.Length, random) : 0;

    /// <summary>Uniform over the 4^n − 1 non-identity Pauli strings on n qubits.</summary>
    public static int RandomNonIdentity(int qubits, DeterministicRandom random) => 1 + random.NextInt((1 << (2 * qubits)) - 1);

    /// <summary>The Pauli on the j-th qubit of a string.</summary>
    public static int PauliAt(int code, int j) => (code >> (2 * j)) & 3;
}
