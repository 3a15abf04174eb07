using QBroker.Qasm.Ir;

namespace QBroker.Backends.Stabilizer;

/// <summary>
/// Rewrites a standard gate as primitive Clifford gates, equal up to global phase, or says it is not Clifford.
/// Parameterised gates count when their angles make them Clifford: rotations and phases by multiples of π/2;
/// controlled phases by multiples of π; controlled rotations by multiples of π; two-qubit Pauli rotations by
/// multiples of π/2. Identities used: RX = H·RZ·H, RY = S·RX·S†, SX = H·S·H, CY = S_t·CX·S†_t,
/// RZZ = CX·RZ_t·CX, RXX = (H⊗H)·RZZ·(H⊗H), RYY = (S⊗S)·RXX·(S†⊗S†), CRZ(kπ) = CZ^k with a phase S^{±k} on the control.
/// </summary>
public static class CliffordDecomposer
{
    private const double Tolerance = 1e-9;

    /// <summary>The primitive sequence in circuit order, or null when the gate (with these angles) is not Clifford.</summary>
    public static IReadOnlyList<CliffordOp>? TryDecompose(StandardGate gate, IReadOnlyList<int> qubits, IReadOnlyList<double> parameters)
    {
        var ops = new List<CliffordOp>();
        var a = qubits[0];
        var b = qubits.Count > 1 ? qubits[1] : -1;
        bool ok;
        switch (gate)
        {
            case StandardGate.I:
                ok = true;
                break;
            case StandardGate.X or StandardGate.Y or StandardGate.Z or StandardGate.H or StandardGate.S or StandardGate.Sdg:
                ops.Add(new CliffordOp(Primitive(gate), a));
                ok = true;
                break;
            case StandardGate.SX:
                ops.AddRange([new(CliffordGate.H, a), new(CliffordGate.S, a), new(CliffordGate.H, a)]);
                ok = true;
                break;
            case StandardGate.SXdg:
                ops.AddRange([new(CliffordGate.H, a), new(CliffordGate.Sdg, a), new(CliffordGate.H, a)]);
                ok = true;
                break;
            case StandardGate.RZ or StandardGate.P:
                ok = AddZRotation(ops, a, parameters[0]);
                break;
            case StandardGate.RX:
                ok = AddXRotation(ops, a, parameters[0]);
                break;
            case StandardGate.RY:
                ok = AddYRotation(ops, a, parameters[0]);
                break;
            case StandardGate.U:
                ok = AddU(ops, a, parameters[0], parameters[1], parameters[2]);
                break;
            case StandardGate.U2:
                ok = AddU(ops, a, Math.PI / 2, parameters[0], parameters[1]);
                break;
            case StandardGate.CX or StandardGate.CZ or StandardGate.Swap:
                ops.Add(new CliffordOp(Primitive(gate), a, b));
                ok = true;
                break;
            case StandardGate.CY:
                ops.AddRange([new(CliffordGate.Sdg, b), new(CliffordGate.CX, a, b), new(CliffordGate.S, b)]);
                ok = true;
                break;
            case StandardGate.CP:
                ok = QuarterTurns(parameters[0], out var k) && k % 2 == 0;
                if (ok && k % 4 == 2)
                {
                    ops.Add(new CliffordOp(CliffordGate.CZ, a, b));
                }
                break;
            case StandardGate.CRZ:
                ok = AddControlledZRotation(ops, a, b, parameters[0]);
                break;
            case StandardGate.CRX:
                ops.Add(new CliffordOp(CliffordGate.H, b));
                ok = AddControlledZRotation(ops, a, b, parameters[0]);
                ops.Add(new CliffordOp(CliffordGate.H, b));
                break;
            case StandardGate.CRY:
                ops.AddRange([new(CliffordGate.Sdg, b), new(CliffordGate.H, b)]);
                ok = AddControlledZRotation(ops, a, b, parameters[0]);
                ops.AddRange([new(CliffordGate.H, b), new(CliffordGate.S, b)]);
                break;
            case StandardGate.RZZ:
                ok = AddZZRotation(ops, a, b, parameters[0]);
                break;
            case StandardGate.RXX:
                ok = AddXXRotation(ops, a, b, parameters[0]);
                break;
            case StandardGate.RYY:
                ops.AddRange([new(CliffordGate.Sdg, a), new(CliffordGate.Sdg, b)]);
                ok = AddXXRotation(ops, a, b, parameters[0]);
                ops.AddRange([new(CliffordGate.S, a), new(CliffordGate.S, b)]);
                break;
            default:
                ok = false;
                break;
        }
        return ok ? ops : null;
    }

    /// <summary>True when the angle is a whole number of quarter turns (π/2); <paramref name="k"/> is that number mod 4.</summary>
    private static bool QuarterTurns(double angle, out int k)
    {
        var turns = angle / (Math.PI / 2);
        var rounded = Math.Round(turns);
        k = (int)(((long)rounded % 4 + 4) % 4);
        return Math.Abs(turns - rounded) < Tolerance;
    }

    private static bool AddZRotation(List<CliffordOp> ops, int q, double angle)
    {
        if (!QuarterTurns(angle, out var k))
        {
            return false;
        }
        switch (k)
        {
            case 1:
                ops.Add(new CliffordOp(CliffordGate.S, q));
                break;
            case 2:
                ops.Add(new CliffordOp(CliffordGate.Z, q));
                break;
            case 3:
                ops.Add(new CliffordOp(CliffordGate.Sdg, q));
                break;
        }
        return true;
    }

    private static bool AddXRotation(List<CliffordOp> ops, int q, double angle)
    {
        ops.Add(new CliffordOp(CliffordGate.H, q));
        var ok = AddZRotation(ops, q, angle);
        ops.Add(new CliffordOp(CliffordGate.H, q));
        return ok;
    }

    private static bool AddYRotation(List<CliffordOp> ops, int q, double angle)
    {
        ops.Add(new CliffordOp(CliffordGate.Sdg, q));
        var ok = AddXRotation(ops, q, angle);
        ops.Add(new CliffordOp(CliffordGate.S, q));
        return ok;
    }

    /// <summary>U(θ, φ, λ) = RZ(φ)·RY(θ)·RZ(λ) up to phase, so in circuit order RZ(λ), RY(θ), RZ(φ).</summary>
    private static bool AddU(List<CliffordOp> ops, int q, double theta, double phi, double lambda) =>
        AddZRotation(ops, q, lambda) & AddYRotation(ops, q, theta) & AddZRotation(ops, q, phi);

    /// <summary>CRZ(λ) = diag(1, 1, e^{−iλ/2}, e^{iλ/2}): Clifford when λ is a multiple of π.</summary>
    private static bool AddControlledZRotation(List<CliffordOp> ops, int control, int target, double angle)
    {
        if (!QuarterTurns(angle / 2, out var halfTurns))
        {
            return false;
        }
        switch (halfTurns)
        {
            case 1:
                ops.AddRange([new(CliffordGate.CZ, control, target), new(CliffordGate.Sdg, control)]);
                break;
            case 2:
                ops.Add(new CliffordOp(CliffordGate.Z, control));
                break;
            case 3:
                ops.AddRange([new(CliffordGate.CZ, control, target), new(CliffordGate.S, control)]);
                break;
        }
        return true;
    }

    private static bool AddZZRotation(List<CliffordOp> ops, int a, int b, double angle)
    {
        ops.Add(new CliffordOp(CliffordGate.CX, a, b));
        var ok = AddZRotation(ops, b, angle);
        ops.Add(new CliffordOp(CliffordGate.CX, a, b));
        return ok;
    }

    private static bool AddXXRotation(List<CliffordOp> ops, int a, int b, double angle)
    {
        ops.AddRange([new(CliffordGate.H, a), new(CliffordGate.H, b)]);
        var ok = AddZZRotation(ops, a, b, angle);
        ops.AddRange([new(CliffordGate.H, a), new(CliffordGate.H, b)]);
        return ok;
    }

    private static CliffordGate Primitive(StandardGate gate) => gate switch
    {
        StandardGate.X => CliffordGate.X,
        StandardGate.Y => CliffordGate.Y,
        StandardGate.Z => CliffordGate.Z,
        StandardGate.H => CliffordGate.H,
        StandardGate.S => CliffordGate.S,
        StandardGate.Sdg => CliffordGate.Sdg,
        StandardGate.CX => CliffordGate.CX,
        StandardGate.CZ => CliffordGate.CZ,
        _ => CliffordGate.Swap,
    };
}
