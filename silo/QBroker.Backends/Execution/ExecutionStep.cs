using QBroker.Qasm.Ir;

namespace QBroker.Backends.Execution;

/// <summary>
/// One step of a circuit prepared for a particular device: qubits are dense simulation indices (after routing and
/// compaction), and noise appears as explicit steps, so every engine interprets the same list.
/// </summary>
public abstract record ExecutionStep;

/// <summary>A unitary standard gate (qubits in the gate's order, controls first).</summary>
public sealed record GateStep(StandardGate Gate, int[] Qubits, double[] Parameters) : ExecutionStep;

/// <summary>Z measurement into a classical bit; the recorded bit is then flipped with the asymmetric readout error.</summary>
public sealed record MeasureStep(int Qubit, int Clbit, double ProbOneGivenZero, double ProbZeroGivenOne) : ExecutionStep
{
    public bool HasReadoutError => ProbOneGivenZero > 0 || ProbZeroGivenOne > 0;
}

/// <summary>Reset of one qubit to |0⟩.</summary>
public sealed record ResetStep(int Qubit) : ExecutionStep;

/// <summary>A single-qubit Pauli channel: X, Y, Z with the given probabilities (the Pauli-twirled relaxation).</summary>
public sealed record PauliNoiseStep(int Qubit, double ProbabilityX, double ProbabilityY, double ProbabilityZ) : ExecutionStep;

/// <summary>
/// Zero-temperature thermal relaxation of one qubit over some time: amplitude damping with probability
/// <see cref="DampingProbability"/> (γ = 1 − e^{−t/T1}; Kraus operators K0 = diag(1, √(1−γ)), K1 = √γ·|0⟩⟨1|), then a
/// phase flip with probability <see cref="DephasingProbability"/> (the pure dephasing beyond what damping causes).
/// </summary>
public sealed record RelaxationStep(int Qubit, double DampingProbability, double DephasingProbability) : ExecutionStep
{
    /// <summary>Process fidelity of the channel, Tr-overlap with the identity: the twirl's probability of no Pauli.</summary>
    public double ProcessFidelity
    {
        get
        {
            var twirled = Twirled();
            return 1 - twirled.ProbabilityX - twirled.ProbabilityY - twirled.ProbabilityZ;
        }
    }

    /// <summary>
    /// The Pauli channel with the same process fidelity and Pauli-transfer diagonal (the Pauli twirl):
    /// p_x = p_y = γ/4 and p_z = (1 − c)/2 − γ/4, with c = √(1−γ)·(1 − 2·p_φ) the coherence factor e^{−t/T2}.
    /// It keeps average errors but loses the bias towards |0⟩; stabilizer engines need it.
    /// </summary>
    public PauliNoiseStep Twirled()
    {
        var coherence = Math.Sqrt(1 - DampingProbability) * (1 - 2 * DephasingProbability);
        var pxy = DampingProbability / 4;
        return new PauliNoiseStep(Qubit, pxy, pxy, Math.Max(0, (1 - coherence) / 2 - pxy));
    }
}

/// <summary>
/// Depolarising channel on n qubits with Aer's parameter λ: each of the 4^n − 1 non-identity Paulis occurs with
/// probability λ/4^n.
/// </summary>
public sealed record DepolarizingStep(int[] Qubits, double Lambda) : ExecutionStep
{
    /// <summary>Probability that some non-identity Pauli is applied.</summary>
    public double ErrorProbability
    {
        get
        {
            var paulis = Math.Pow(4, Qubits.Length);
            return Math.Min(1, Lambda * (paulis - 1) / paulis);
        }
    }
}

/// <summary>A block that runs only when the classical condition holds at this point of the shot.</summary>
public sealed record ConditionalStep(ClassicalCondition Condition, IReadOnlyList<ExecutionStep> Then, IReadOnlyList<ExecutionStep> Else) : ExecutionStep;
