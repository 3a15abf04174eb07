using System.Numerics;
using QBroker.Backends.Execution;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.StateVector;

/// <summary>
/// Runs an <see cref="ExecutionProgram"/> on the state vector. When every measurement is terminal and there is no
/// quantum noise, the circuit is simulated once and all shots are sampled from it (readout error is classical and
/// is applied per shot afterwards). Otherwise each shot is simulated: the unitary prefix before the first
/// measurement, reset or noise step is computed once and copied per shot. Gates are fused before the loop in both
/// paths. Noise is unravelled into quantum trajectories: Pauli and depolarising steps draw a Pauli per shot;
/// thermal relaxation draws a Kraus operator of amplitude damping with its Born probability (γ·P(1) for the jump
/// to |0⟩, else the renormalised no-jump operator) plus a phase flip, when the run fits
/// <see cref="BackendOptions.MaxExactRelaxationWork"/>; beyond that budget relaxation is Pauli-twirled.
/// </summary>
public sealed class StateVectorEngine(BackendOptions options)
{
    public const string SamplingEngineName = "statevector";
    public const string PerShotEngineName = "statevector-per-shot";
    public const string TwirledPerShotEngineName = "statevector-per-shot-twirled";

    /// <summary>Passes over the state made by the last run (gate passes, measurements and the sampling sweep).</summary>
    public long LastPassCount { get; private set; }

    public static bool CanSampleOnce(ExecutionProgram program) =>
        program.MeasurementsAreTerminal
        && !ExecutionProgram.Flatten(program.Steps).Any(s => s is PauliNoiseStep or DepolarizingStep or RelaxationStep);

    /// <summary>
    /// Whether relaxation is applied exactly: the program has some, and its cost bound, two passes over 2^n amplitudes
    /// per relaxation step per shot (usually one, see ApplyRelaxation), fits the budget.
    /// </summary>
    public static bool UsesExactRelaxation(ExecutionProgram program, int shots, BackendOptions options) =>
        program.HasRelaxation
        && program.QubitCount <= 40
        && 2.0 * program.RelaxationStepCount * shots * Math.Pow(2, program.QubitCount) <= options.MaxExactRelaxationWork;

    /// <summary>The engine name a run reports: sampled once, per shot, or per shot with twirled relaxation.</summary>
    public static string EngineName(ExecutionProgram program, int shots, BackendOptions options) =>
        CanSampleOnce(program) ? SamplingEngineName
        : program.HasRelaxation && !UsesExactRelaxation(program, shots, options) ? TwirledPerShotEngineName
        : PerShotEngineName;

    public IReadOnlyDictionary<string, long> Run(ExecutionProgram program, int shots, DeterministicRandom random, CancellationToken cancellationToken) =>
        CanSampleOnce(program)
            ? RunSampled(program, shots, random, cancellationToken)
            : RunPerShot(program, shots, random, cancellationToken);

    private StateVectorSimulator NewState(int qubits) =>
        new(qubits, options.MaxDegreeOfParallelism, options.ParallelThresholdQubits);

    private Dictionary<string, long> RunSampled(ExecutionProgram program, int shots, DeterministicRandom random, CancellationToken cancellationToken)
    {
        var gates = program.Steps.OfType<GateStep>().Select(g => new UnitaryGate(g.Gate, g.Qubits, g.Parameters)).ToArray();
        var measurements = program.Steps.OfType<MeasureStep>().ToArray();
        var state = NewState(program.QubitCount);
        foreach (var fused in GateFusion.Fuse(gates, options.MaxFusedQubits))
        {
            cancellationToken.ThrowIfCancellationRequested();
            state.Apply(fused);
        }
        var samples = state.SampleBasisStates(shots, random.NextDouble);
        LastPassCount = state.PassCount;
        var counts = new Dictionary<string, long>();
        var clbits = new bool[program.ClbitCount];
        var readoutError = measurements.Any(m => m.HasReadoutError);
        var byIndex = new Dictionary<long, long>();
        foreach (var sample in samples)
        {
            if (!readoutError)
            {
                byIndex[sample] = byIndex.GetValueOrDefault(sample) + 1;
                continue;
            }
            Array.Clear(clbits);
            foreach (var m in measurements)
            {
                clbits[m.Clbit] = ReadoutNoise.Apply(((sample >> m.Qubit) & 1) == 1, m, random);
            }
            Add(counts, program.Source, clbits, 1);
        }
        foreach (var (index, count) in byIndex)
        {
            Array.Clear(clbits);
            foreach (var m in measurements)
            {
                clbits[m.Clbit] = ((index >> m.Qubit) & 1) == 1;
            }
            Add(counts, program.Source, clbits, count);
        }
        return counts;
    }

    private Dictionary<string, long> RunPerShot(ExecutionProgram program, int shots, DeterministicRandom random, CancellationToken cancellationToken)
    {
        var compiled = JoinFinalMeasurements(Compile(program.Steps, exactRelaxation: UsesExactRelaxation(program, shots, options)));
        var prefixLength = compiled.TakeWhile(s => s is FusedGate).Count();
        var prefix = NewState(program.QubitCount);
        foreach (var step in compiled.Take(prefixLength))
        {
            prefix.Apply((FusedGate)step);
        }
        var rest = compiled.Skip(prefixLength).ToArray();
        var state = NewState(program.QubitCount);
        var counts = new Dictionary<string, long>();
        var clbits = new bool[program.ClbitCount];
        for (var shot = 0; shot < shots; shot++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            state.CopyFrom(prefix);
            Array.Clear(clbits);
            Interpret(rest, state, clbits, random);
            Add(counts, program.Source, clbits, 1);
        }
        LastPassCount = prefix.PassCount + state.PassCount;
        return counts;
    }

    private static void Add(Dictionary<string, long> counts, Circuit source, bool[] clbits, long count)
    {
        var key = source.FormatBits(clbits);
        counts[key] = counts.GetValueOrDefault(key) + count;
    }

    /// <summary>
    /// Runs of consecutive gates become fused gates; relaxation stays exact or becomes its Pauli twirl; other steps
    /// stay as they are; conditionals are compiled recursively.
    /// </summary>
    private object[] Compile(IReadOnlyList<ExecutionStep> steps, bool exactRelaxation)
    {
        var compiled = new List<object>();
        var run = new List<UnitaryGate>();
        void Flush()
        {
            compiled.AddRange(GateFusion.Fuse(run, options.MaxFusedQubits));
            run.Clear();
        }
        foreach (var step in steps)
        {
            switch (step)
            {
                case GateStep g:
                    run.Add(new UnitaryGate(g.Gate, g.Qubits, g.Parameters));
                    break;
                case ConditionalStep c:
                    Flush();
                    compiled.Add(new CompiledConditional(c.Condition, Compile(c.Then, exactRelaxation), Compile(c.Else, exactRelaxation)));
                    break;
                case RelaxationStep r when !exactRelaxation:
                    Flush();
                    compiled.Add(r.Twirled());
                    break;
                default:
                    Flush();
                    compiled.Add(step);
                    break;
            }
        }
        Flush();
        return compiled.ToArray();
    }

    /// <summary>
    /// The measurements that end a program (with noise steps between them, on qubits not yet measured) become one
    /// joint measurement after those noise steps: they commute, since each acts on other qubits, and one sampling
    /// sweep then replaces two passes (probability and collapse) per measured qubit per shot.
    /// </summary>
    private static object[] JoinFinalMeasurements(object[] compiled)
    {
        var start = compiled.Length;
        while (start > 0 && compiled[start - 1] is MeasureStep or PauliNoiseStep or RelaxationStep or DepolarizingStep)
        {
            start--;
        }
        var measured = new HashSet<int>();
        var noise = new List<object>();
        var measurements = new List<MeasureStep>();
        foreach (var step in compiled.Skip(start))
        {
            if (step is MeasureStep m)
            {
                if (!measured.Add(m.Qubit))
                {
                    return compiled;
                }
                measurements.Add(m);
                continue;
            }
            var qubits = step switch
            {
                PauliNoiseStep p => [p.Qubit],
                RelaxationStep r => [r.Qubit],
                _ => ((DepolarizingStep)step).Qubits,
            };
            if (qubits.Any(measured.Contains))
            {
                return compiled;
            }
            noise.Add(step);
        }
        return measurements.Count < 2
            ? compiled
            : [.. compiled.Take(start), .. noise, new JointMeasurement(measurements.ToArray())];
    }

    private static void Interpret(object[] steps, StateVectorSimulator state, bool[] clbits, DeterministicRandom random)
    {
        foreach (var step in steps)
        {
            switch (step)
            {
                case JointMeasurement joint:
                    var outcome = state.SampleBasisStates(1, random.NextDouble)[0];
                    foreach (var m in joint.Measurements)
                    {
                        clbits[m.Clbit] = ReadoutNoise.Apply((outcome >> m.Qubit & 1) == 1, m, random);
                    }
                    break;
                case FusedGate gate:
                    state.Apply(gate);
                    break;
                case MeasureStep m:
                    clbits[m.Clbit] = ReadoutNoise.Apply(state.Measure(m.Qubit, random.NextDouble()), m, random);
                    break;
                case ResetStep r:
                    if (state.Measure(r.Qubit, random.NextDouble()))
                    {
                        state.Apply(Pauli(1, r.Qubit));
                    }
                    break;
                case PauliNoiseStep p:
                    var pauli = PauliSampling.Sample(p, random);
                    if (pauli != 0)
                    {
                        state.Apply(Pauli(pauli, p.Qubit));
                    }
                    break;
                case RelaxationStep r:
                    ApplyRelaxation(state, r, random);
                    break;
                case DepolarizingStep d:
                    var code = PauliSampling.Sample(d, random);
                    for (var j = 0; code != 0 && j < d.Qubits.Length; j++)
                    {
                        if (PauliSampling.PauliAt(code, j) is var single and not 0)
                        {
                            state.Apply(Pauli(single, d.Qubits[j]));
                        }
                    }
                    break;
                case CompiledConditional c:
                    Interpret(c.Condition.IsSatisfiedBy(clbits) ? c.Then : c.Else, state, clbits, random);
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected step {step.GetType().Name}.");
            }
        }
    }

    /// <summary>
    /// One quantum-trajectory step of thermal relaxation. The jump K1 = √γ·|0⟩⟨1| must happen with probability
    /// γ·P(1) and leaves the qubit in |0⟩ (the state |0⟩⟨1|ψ⟩, renormalised); otherwise K0 = diag(1, √(1−γ)) applies.
    /// One uniform u decides: jump when u &lt; γ·P(1). When u ≥ γ no jump is possible whatever P(1) is, so K0 is applied
    /// without computing P(1) or renormalising (one pass instead of two; later probabilities are taken relative to the
    /// state's norm). Only when u &lt; γ, rarely, is P(1) computed and the chosen operator renormalised. The phase flip
    /// of pure dephasing is folded into the same diagonal pass. The norm cannot underflow in practice: after unnormalised
    /// steps its square is at least Π(1 − γ), and the chance that every one of those steps drew u ≥ γ is that same
    /// product, so it falls below ε before a renormalising step (a measurement, or any u &lt; γ) with probability ≤ ε.
    /// </summary>
    private static void ApplyRelaxation(StateVectorSimulator state, RelaxationStep step, DeterministicRandom random)
    {
        var u = random.NextDouble();
        var sign = random.NextDouble() < step.DephasingProbability ? -1.0 : 1.0;
        var gamma = step.DampingProbability;
        var decayed = Math.Sqrt(1 - gamma) * sign;
        if (u >= gamma)
        {
            if (gamma > 0 || sign < 0)
            {
                state.Apply(FusedGate.FromDiagonal([step.Qubit], [Complex.One, decayed]));
            }
            return;
        }
        var (one, all) = state.WeightOfOne(step.Qubit);
        if (one > 0 && u * all < gamma * one)
        {
            state.Apply(new FusedGate([step.Qubit], [Complex.Zero, 1 / Math.Sqrt(one), Complex.Zero, Complex.Zero]));
            return;
        }
        var norm = 1 / Math.Sqrt(all - gamma * one);
        state.Apply(FusedGate.FromDiagonal([step.Qubit], [norm, decayed * norm]));
    }

    /// <summary>X (1), Y (2) or Z (3) on one qubit.</summary>
    private static FusedGate Pauli(int which, int qubit)
    {
        var gate = which switch { 1 => StandardGate.X, 2 => StandardGate.Y, _ => StandardGate.Z };
        return new FusedGate([qubit], GateMatrices.For(gate, []));
    }

    /// <summary>Terminal measurements of distinct qubits, sampled together from one sweep over the state.</summary>
    private sealed record JointMeasurement(MeasureStep[] Measurements);

    private sealed record CompiledConditional(ClassicalCondition Condition, object[] Then, object[] Else);
}
