using QBroker.Qasm.Ir;

namespace QBroker.Backends.Execution;

/// <summary>
/// A circuit ready to run: steps on <see cref="QubitCount"/> dense qubits, the source circuit (for the classical
/// register layout used to print counts), and facts the engine choice depends on.
/// </summary>
public sealed class ExecutionProgram
{
    public ExecutionProgram(Circuit source, int qubitCount, IReadOnlyList<ExecutionStep> steps)
    {
        Source = source;
        QubitCount = qubitCount;
        Steps = steps;
        HasConditionals = Any(steps, s => s is ConditionalStep);
        HasRelaxation = Any(steps, s => s is RelaxationStep);
        IsNoisy = Any(steps, s => s is PauliNoiseStep or DepolarizingStep or RelaxationStep || s is MeasureStep { HasReadoutError: true });
        MeasurementsAreTerminal = !HasConditionals && !Any(steps, s => s is ResetStep) && NoGateAfterMeasurement(steps);
    }

    public Circuit Source { get; }

    public int QubitCount { get; }

    public int ClbitCount => Source.ClbitCount;

    public IReadOnlyList<ExecutionStep> Steps { get; }

    public bool HasConditionals { get; }

    public bool IsNoisy { get; }

    /// <summary>Thermal relaxation steps are present (gate durations or idle time on a device with finite T1/T2).</summary>
    public bool HasRelaxation { get; }

    /// <summary>Relaxation steps, conditional blocks included; each costs two passes per shot when applied exactly.</summary>
    public int RelaxationStepCount => Flatten(Steps).Count(s => s is RelaxationStep);

    /// <summary>No reset, no conditional and no gate on a qubit after it was measured: one simulation can be sampled for every shot.</summary>
    public bool MeasurementsAreTerminal { get; }

    /// <summary>Every step, conditional blocks included, in order.</summary>
    public static IEnumerable<ExecutionStep> Flatten(IEnumerable<ExecutionStep> steps)
    {
        foreach (var step in steps)
        {
            yield return step;
            if (step is ConditionalStep conditional)
            {
                foreach (var inner in Flatten(conditional.Then).Concat(Flatten(conditional.Else)))
                {
                    yield return inner;
                }
            }
        }
    }

    private static bool Any(IEnumerable<ExecutionStep> steps, Func<ExecutionStep, bool> predicate) => Flatten(steps).Any(predicate);

    private static bool NoGateAfterMeasurement(IReadOnlyList<ExecutionStep> steps)
    {
        var measured = new HashSet<int>();
        foreach (var step in steps)
        {
            switch (step)
            {
                case MeasureStep m:
                    measured.Add(m.Qubit);
                    break;
                case GateStep g when g.Qubits.Any(measured.Contains):
                    return false;
                case PauliNoiseStep p when measured.Contains(p.Qubit):
                    return false;
                case RelaxationStep r when measured.Contains(r.Qubit):
                    return false;
                case DepolarizingStep d when d.Qubits.Any(measured.Contains):
                    return false;
            }
        }
        return true;
    }
}
