using QBroker.Backends.Execution;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Stabilizer;

/// <summary>
/// Runs Clifford programs of any width. Without classical conditions it simulates the tableau once to get a
/// reference sample, then draws every shot by propagating a Pauli frame through the circuit, 64 shots per machine
/// word, as Stim does (Gidney, "Stim: a fast stabilizer circuit simulator", Quantum 5, 497, 2021): the frame's Z part
/// is randomised at the start and after every measurement or reset, so random outcomes come out uniformly; noise
/// steps flip frame bits. With conditionals each shot runs its own tableau. Thermal relaxation is applied in its
/// Pauli-twirled form (same average fidelity, no bias towards |0⟩), the only form a stabilizer simulation can carry.
/// </summary>
public sealed class StabilizerEngine
{
    public const string FrameEngineName = "stabilizer";
    public const string PerShotEngineName = "stabilizer-per-shot";

    public static bool IsClifford(ExecutionProgram program) =>
        ExecutionProgram.Flatten(program.Steps).OfType<GateStep>()
            .All(g => CliffordDecomposer.TryDecompose(g.Gate, g.Qubits, g.Parameters) is not null);

    public static string EngineFor(ExecutionProgram program) => program.HasConditionals ? PerShotEngineName : FrameEngineName;

    public IReadOnlyDictionary<string, long> Run(ExecutionProgram program, int shots, DeterministicRandom random, CancellationToken cancellationToken)
    {
        var compiled = Compile(program.Steps);
        return program.HasConditionals
            ? RunPerShot(program, compiled, shots, random, cancellationToken)
            : RunFrames(program, compiled, shots, random, cancellationToken);
    }

    private static object[] Compile(IReadOnlyList<ExecutionStep> steps)
    {
        var compiled = new List<object>();
        foreach (var step in steps)
        {
            switch (step)
            {
                case GateStep g:
                    compiled.AddRange((CliffordDecomposer.TryDecompose(g.Gate, g.Qubits, g.Parameters)
                        ?? throw new InvalidOperationException($"{g.Gate} is not Clifford.")).Cast<object>());
                    break;
                case ConditionalStep c:
                    compiled.Add(new CompiledConditional(c.Condition, Compile(c.Then), Compile(c.Else)));
                    break;
                case RelaxationStep r:
                    // Amplitude damping is not a Clifford channel: the tableau and the frames apply its Pauli twirl.
                    compiled.Add(r.Twirled());
                    break;
                default:
                    compiled.Add(step);
                    break;
            }
        }
        return compiled.ToArray();
    }

    private static Dictionary<string, long> RunFrames(ExecutionProgram program, object[] steps, int shots, DeterministicRandom random, CancellationToken cancellationToken)
    {
        var reference = ReferenceOutcomes(program.QubitCount, steps);
        var frames = new PauliFrames(program.QubitCount, shots, random);
        var records = new ulong[program.ClbitCount][];
        for (var c = 0; c < records.Length; c++)
        {
            records[c] = new ulong[frames.Words];
        }
        for (var s = 0; s < steps.Length; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (steps[s])
            {
                case CliffordOp op:
                    frames.Apply(op);
                    break;
                case MeasureStep m:
                    frames.Measure(m, reference[s], records[m.Clbit]);
                    break;
                case ResetStep r:
                    frames.Reset(r.Qubit);
                    break;
                case PauliNoiseStep p:
                    frames.PauliNoise(p);
                    break;
                case DepolarizingStep d:
                    frames.Depolarize(d);
                    break;
            }
        }
        var counts = new Dictionary<string, long>();
        var clbits = new bool[program.ClbitCount];
        for (var shot = 0; shot < shots; shot++)
        {
            for (var c = 0; c < clbits.Length; c++)
            {
                clbits[c] = (records[c][shot >> 6] >> (shot & 63) & 1) == 1;
            }
            var key = program.Source.FormatBits(clbits);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    /// <summary>One noiseless run of the tableau, taking 0 for every random outcome; returns the outcome of each measurement step by position.</summary>
    private static bool[] ReferenceOutcomes(int qubits, object[] steps)
    {
        var tableau = new StabilizerTableau(qubits);
        var outcomes = new bool[steps.Length];
        for (var s = 0; s < steps.Length; s++)
        {
            switch (steps[s])
            {
                case CliffordOp op:
                    tableau.Apply(op);
                    break;
                case MeasureStep m:
                    outcomes[s] = tableau.Measure(m.Qubit, false, out _);
                    break;
                case ResetStep r:
                    if (tableau.Measure(r.Qubit, false, out _))
                    {
                        tableau.Apply(new CliffordOp(CliffordGate.X, r.Qubit));
                    }
                    break;
            }
        }
        return outcomes;
    }

    private static Dictionary<string, long> RunPerShot(ExecutionProgram program, object[] steps, int shots, DeterministicRandom random, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>();
        var clbits = new bool[program.ClbitCount];
        var fresh = new StabilizerTableau(program.QubitCount);
        for (var shot = 0; shot < shots; shot++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(clbits);
            Interpret(steps, fresh.Clone(), clbits, random);
            var key = program.Source.FormatBits(clbits);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    private static void Interpret(object[] steps, StabilizerTableau tableau, bool[] clbits, DeterministicRandom random)
    {
        foreach (var step in steps)
        {
            switch (step)
            {
                case CliffordOp op:
                    tableau.Apply(op);
                    break;
                case MeasureStep m:
                    clbits[m.Clbit] = ReadoutNoise.Apply(tableau.Measure(m.Qubit, (random.NextUInt64() & 1) == 1, out _), m, random);
                    break;
                case ResetStep r:
                    if (tableau.Measure(r.Qubit, (random.NextUInt64() & 1) == 1, out _))
                    {
                        tableau.Apply(new CliffordOp(CliffordGate.X, r.Qubit));
                    }
                    break;
                case PauliNoiseStep p:
                    if (PauliSampling.Sample(p, random) is var pauli and not 0)
                    {
                        tableau.Apply(new CliffordOp(PauliGate(pauli), p.Qubit));
                    }
                    break;
                case DepolarizingStep d:
                    var code = PauliSampling.Sample(d, random);
                    for (var j = 0; code != 0 && j < d.Qubits.Length; j++)
                    {
                        if (PauliSampling.PauliAt(code, j) is var single and not 0)
                        {
                            tableau.Apply(new CliffordOp(PauliGate(single), d.Qubits[j]));
                        }
                    }
                    break;
                case CompiledConditional c:
                    Interpret(c.Condition.IsSatisfiedBy(clbits) ? c.Then : c.Else, tableau, clbits, random);
                    break;
            }
        }
    }

    private static CliffordGate PauliGate(int pauli) => pauli switch
    {
        1 => CliffordGate.X,
        2 => CliffordGate.Y,
        _ => CliffordGate.Z,
    };

    private sealed record CompiledConditional(ClassicalCondition Condition, object[] Then, object[] Else);
}
