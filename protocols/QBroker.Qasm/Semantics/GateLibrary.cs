using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Semantics;

/// <summary>
/// The built-in gates and the contents of the two standard include files, mapped onto <see cref="StandardGate"/>.
/// Gate lists: qelib1.inc from the OpenQASM 2.0 paper (arXiv:1707.03429), its later Qiskit/QASMBench additions
/// (QASMBench's relative-phase rccx and rc3x are not provided: they are not the same unitaries as ccx and c3x), and
/// stdgates.inc from the OpenQASM 3 standard library (openqasm/openqasm source/language/standard_library.rst).
/// Definitions that differ only by a global phase (qelib1 rz = u1 vs. RZ; stdgates u3 = e^{-i(θ+φ+λ)/2}·U) map to
/// the same gate: with no gate modifiers supported, a global phase is unobservable.
/// </summary>
internal static class GateLibrary
{
    private static readonly Func<double[], double[]> Same = parameters => parameters;

    /// <summary>u0(γ) idles for γ time units in old qelib1 versions; the duration has no effect on the state.</summary>
    private static readonly Func<double[], double[]> IgnoredDuration = _ => [];

    /// <summary>qelib1's cu3(θ,φ,λ) is the controlled U(θ,φ,λ) with no extra phase: CU with γ = 0.</summary>
    private static readonly Func<double[], double[]> WithZeroPhase = parameters => [parameters[0], parameters[1], parameters[2], 0.0];

    private static readonly Dictionary<string, GateSymbol> Qelib1Core = Table(
        ("u3", StandardGate.U, Same), ("u2", StandardGate.U2, Same), ("u1", StandardGate.P, Same),
        ("cx", StandardGate.CX, Same), ("id", StandardGate.I, Same),
        ("x", StandardGate.X, Same), ("y", StandardGate.Y, Same), ("z", StandardGate.Z, Same), ("h", StandardGate.H, Same),
        ("s", StandardGate.S, Same), ("sdg", StandardGate.Sdg, Same), ("t", StandardGate.T, Same), ("tdg", StandardGate.Tdg, Same),
        ("rx", StandardGate.RX, Same), ("ry", StandardGate.RY, Same), ("rz", StandardGate.RZ, Same),
        ("cz", StandardGate.CZ, Same), ("cy", StandardGate.CY, Same), ("ch", StandardGate.CH, Same),
        ("ccx", StandardGate.CCX, Same), ("crz", StandardGate.CRZ, Same), ("cu1", StandardGate.CP, Same),
        ("cu3", StandardGate.CU, WithZeroPhase));

    private static readonly Dictionary<string, GateSymbol> Qelib1Extensions = With(
        Table(
            ("u0", StandardGate.I, IgnoredDuration), ("swap", StandardGate.Swap, Same), ("cswap", StandardGate.CSwap, Same),
            ("crx", StandardGate.CRX, Same), ("cry", StandardGate.CRY, Same),
            ("rxx", StandardGate.RXX, Same), ("ryy", StandardGate.RYY, Same), ("rzz", StandardGate.RZZ, Same),
            ("u", StandardGate.U, Same), ("p", StandardGate.P, Same), ("sx", StandardGate.SX, Same), ("sxdg", StandardGate.SXdg, Same),
            ("cp", StandardGate.CP, Same), ("csx", StandardGate.CSX, Same), ("cu", StandardGate.CU, Same)),
        new MultiControlledGateSymbol("c3x", 3, Math.PI),
        new MultiControlledGateSymbol("c4x", 4, Math.PI),
        new MultiControlledGateSymbol("c3sqrtx", 3, Math.PI / 2));

    private static readonly Dictionary<string, GateSymbol> StdgatesCore = Table(
        ("p", StandardGate.P, Same), ("x", StandardGate.X, Same), ("y", StandardGate.Y, Same), ("z", StandardGate.Z, Same),
        ("h", StandardGate.H, Same), ("s", StandardGate.S, Same), ("sdg", StandardGate.Sdg, Same),
        ("t", StandardGate.T, Same), ("tdg", StandardGate.Tdg, Same), ("sx", StandardGate.SX, Same),
        ("rx", StandardGate.RX, Same), ("ry", StandardGate.RY, Same), ("rz", StandardGate.RZ, Same),
        ("cx", StandardGate.CX, Same), ("cy", StandardGate.CY, Same), ("cz", StandardGate.CZ, Same), ("cp", StandardGate.CP, Same),
        ("crx", StandardGate.CRX, Same), ("cry", StandardGate.CRY, Same), ("crz", StandardGate.CRZ, Same),
        ("ch", StandardGate.CH, Same), ("cu", StandardGate.CU, Same), ("swap", StandardGate.Swap, Same),
        ("ccx", StandardGate.CCX, Same), ("cswap", StandardGate.CSwap, Same),
        ("phase", StandardGate.P, Same), ("cphase", StandardGate.CP, Same), ("id", StandardGate.I, Same),
        ("u1", StandardGate.P, Same), ("u2", StandardGate.U2, Same), ("u3", StandardGate.U, Same));

    /// <summary>Gates tools commonly emit next to stdgates.inc; a program may also define them itself.</summary>
    private static readonly Dictionary<string, GateSymbol> StdgatesExtensions = Table(
        ("sxdg", StandardGate.SXdg, Same), ("csx", StandardGate.CSX, Same),
        ("rxx", StandardGate.RXX, Same), ("ryy", StandardGate.RYY, Same), ("rzz", StandardGate.RZZ, Same),
        ("cu1", StandardGate.CP, Same), ("cu3", StandardGate.CU, WithZeroPhase));

    private static readonly Dictionary<string, GateSymbol> BuiltIns2 = new(StringComparer.Ordinal)
    {
        ["U"] = new LibraryGateSymbol("U", 3, StandardGate.U, Same),
        ["CX"] = new LibraryGateSymbol("CX", 0, StandardGate.CX, Same),
    };

    private static readonly Dictionary<string, GateSymbol> BuiltIns3 = new(StringComparer.Ordinal)
    {
        ["U"] = BuiltIns2["U"],
        ["CX"] = BuiltIns2["CX"],
        ["gphase"] = new GlobalPhaseSymbol(),
    };

    /// <summary>Gates available without any include: U and CX, and in OpenQASM 3 also gphase.</summary>
    public static IReadOnlyDictionary<string, GateSymbol> BuiltIns(QasmVersion version) =>
        version == QasmVersion.OpenQasm2 ? BuiltIns2 : BuiltIns3;

    /// <summary>The one include file each version provides.</summary>
    public static string IncludeFile(QasmVersion version) => version == QasmVersion.OpenQasm2 ? "qelib1.inc" : "stdgates.inc";

    /// <summary>Gates the include file defines; a user definition of one of them is a redeclaration.</summary>
    public static IReadOnlyDictionary<string, GateSymbol> Core(QasmVersion version) =>
        version == QasmVersion.OpenQasm2 ? Qelib1Core : StdgatesCore;

    /// <summary>Common additions available after the include; a user definition of the same name takes precedence.</summary>
    public static IReadOnlyDictionary<string, GateSymbol> Extensions(QasmVersion version) =>
        version == QasmVersion.OpenQasm2 ? Qelib1Extensions : StdgatesExtensions;

    private static Dictionary<string, GateSymbol> Table(params (string Name, StandardGate Gate, Func<double[], double[]> Map)[] entries)
    {
        var table = new Dictionary<string, GateSymbol>(StringComparer.Ordinal);
        foreach (var (name, gate, map) in entries)
        {
            var parameterCount = map == WithZeroPhase ? 3 : map == IgnoredDuration ? 1 : StandardGateInfo.ParameterCount(gate);
            table.Add(name, new LibraryGateSymbol(name, parameterCount, gate, map));
        }
        return table;
    }

    private static Dictionary<string, GateSymbol> With(Dictionary<string, GateSymbol> table, params GateSymbol[] more)
    {
        foreach (var symbol in more)
        {
            table.Add(symbol.Name, symbol);
        }
        return table;
    }
}
