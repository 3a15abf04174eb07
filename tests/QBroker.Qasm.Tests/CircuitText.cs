using System.Globalization;
using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Tests;

/// <summary>
/// A canonical, line-per-operation text form of a circuit. IR records hold lists, whose record equality is by
/// reference, so tests compare circuits through this form instead ("CX 0,1", "measure 2->0", "if c[0+2]==3 {…}").
/// </summary>
internal static class CircuitText
{
    public static IReadOnlyList<string> Lines(Circuit circuit) => Lines(circuit.Operations);

    public static IReadOnlyList<string> Lines(IReadOnlyList<Operation> operations) => [.. operations.Select(Format)];

    public static string Format(Operation operation) => operation switch
    {
        GateOperation gate => gate.Parameters.Count == 0
            ? $"{gate.Gate} {string.Join(',', gate.Qubits)}"
            : $"{gate.Gate}({string.Join(',', gate.Parameters.Select(p => p.ToString("R", CultureInfo.InvariantCulture)))}) {string.Join(',', gate.Qubits)}",
        MeasureOperation measure => $"measure {measure.Qubit}->{measure.Clbit}",
        ResetOperation reset => $"reset {reset.Qubit}",
        BarrierOperation barrier => $"barrier {string.Join(',', barrier.Qubits)}",
        ConditionalOperation conditional =>
            $"if c[{conditional.Condition.FirstClbit}+{conditional.Condition.ClbitCount}]=={conditional.Condition.Value} " +
            $"{{ {string.Join("; ", conditional.Then.Select(Format))} }} else {{ {string.Join("; ", conditional.Else.Select(Format))} }}",
        _ => throw new ArgumentException($"unknown operation {operation}"),
    };

    /// <summary>Registers as "q:0+3" (name, offset, size) so declarations can be compared too.</summary>
    public static string Registers(Circuit circuit) =>
        $"q[{string.Join(' ', circuit.QuantumRegisters.Select(r => $"{r.Name}:{r.Offset}+{r.Size}"))}] " +
        $"c[{string.Join(' ', circuit.ClassicalRegisters.Select(r => $"{r.Name}:{r.Offset}+{r.Size}"))}]";
}
