using System.Numerics;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.StateVector;

/// <summary>
/// Unitary matrices of the standard gates, row-major, 2^k × 2^k. Local index bit j belongs to the gate's j-th qubit
/// (controls first, as written), so for <c>cx c,t</c> the local index is c + 2·t. Definitions follow qelib1.inc and
/// stdgates.inc (OpenQASM spec, arXiv:1707.03429 and openqasm/openqasm standard_library.rst); uncontrolled gates may
/// differ from qelib1 by a global phase (rz is exp(−iφZ/2)), controlled gates match it exactly.
/// </summary>
public static class GateMatrices
{
    private static readonly Complex I = Complex.ImaginaryOne;

    public static Complex[] For(StandardGate gate, IReadOnlyList<double> parameters)
    {
        double P(int i) => parameters[i];
        return gate switch
        {
            StandardGate.I => One(1, 0, 0, 1),
            StandardGate.X => One(0, 1, 1, 0),
            StandardGate.Y => One(0, -I, I, 0),
            StandardGate.Z => One(1, 0, 0, -1),
            StandardGate.H => One(Math.Sqrt(0.5), Math.Sqrt(0.5), Math.Sqrt(0.5), -Math.Sqrt(0.5)),
            StandardGate.S => Phase(Math.PI / 2),
            StandardGate.Sdg => Phase(-Math.PI / 2),
            StandardGate.T => Phase(Math.PI / 4),
            StandardGate.Tdg => Phase(-Math.PI / 4),
            StandardGate.SX => One(new Complex(0.5, 0.5), new Complex(0.5, -0.5), new Complex(0.5, -0.5), new Complex(0.5, 0.5)),
            StandardGate.SXdg => One(new Complex(0.5, -0.5), new Complex(0.5, 0.5), new Complex(0.5, 0.5), new Complex(0.5, -0.5)),
            StandardGate.RX => Rx(P(0)),
            StandardGate.RY => Ry(P(0)),
            StandardGate.RZ => Rz(P(0)),
            StandardGate.P => Phase(P(0)),
            StandardGate.U => U(P(0), P(1), P(2)),
            StandardGate.U2 => U(Math.PI / 2, P(0), P(1)),
            StandardGate.CX => Controlled(For(StandardGate.X, [])),
            StandardGate.CY => Controlled(For(StandardGate.Y, [])),
            StandardGate.CZ => Controlled(For(StandardGate.Z, [])),
            StandardGate.CH => Controlled(For(StandardGate.H, [])),
            StandardGate.CSX => Controlled(For(StandardGate.SX, [])),
            StandardGate.CRX => Controlled(Rx(P(0))),
            StandardGate.CRY => Controlled(Ry(P(0))),
            StandardGate.CRZ => Controlled(Rz(P(0))),
            StandardGate.CP => Controlled(Phase(P(0))),
            StandardGate.CU => Controlled(Scale(U(P(0), P(1), P(2)), Complex.FromPolarCoordinates(1, P(3)))),
            StandardGate.Swap => SwapMatrix(),
            StandardGate.RXX => PauliRotation(P(0), For(StandardGate.X, [])),
            StandardGate.RYY => PauliRotation(P(0), For(StandardGate.Y, [])),
            StandardGate.RZZ => PauliRotation(P(0), For(StandardGate.Z, [])),
            StandardGate.CCX => Toffoli(),
            StandardGate.CSwap => Fredkin(),
            _ => throw new ArgumentOutOfRangeException(nameof(gate), gate, "Unknown standard gate."),
        };
    }

    /// <summary>True when every off-diagonal entry is exactly zero (diagonal gates get a cheaper kernel).</summary>
    public static bool IsDiagonal(ReadOnlySpan<Complex> matrix, int dimension)
    {
        for (var r = 0; r < dimension; r++)
        {
            for (var c = 0; c < dimension; c++)
            {
                if (r != c && matrix[r * dimension + c] != Complex.Zero)
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static Complex[] One(Complex m00, Complex m01, Complex m10, Complex m11) => [m00, m01, m10, m11];

    private static Complex[] Phase(double lambda) => One(1, 0, 0, Complex.FromPolarCoordinates(1, lambda));

    private static Complex[] Rx(double theta) =>
        One(Math.Cos(theta / 2), -I * Math.Sin(theta / 2), -I * Math.Sin(theta / 2), Math.Cos(theta / 2));

    private static Complex[] Ry(double theta) =>
        One(Math.Cos(theta / 2), -Math.Sin(theta / 2), Math.Sin(theta / 2), Math.Cos(theta / 2));

    private static Complex[] Rz(double phi) =>
        One(Complex.FromPolarCoordinates(1, -phi / 2), 0, 0, Complex.FromPolarCoordinates(1, phi / 2));

    /// <summary>Qiskit's u3: [[cos θ/2, −e^{iλ} sin θ/2], [e^{iφ} sin θ/2, e^{i(φ+λ)} cos θ/2]].</summary>
    private static Complex[] U(double theta, double phi, double lambda)
    {
        var c = Math.Cos(theta / 2);
        var s = Math.Sin(theta / 2);
        return One(
            c,
            -Complex.FromPolarCoordinates(s, lambda),
            Complex.FromPolarCoordinates(s, phi),
            Complex.FromPolarCoordinates(c, phi + lambda));
    }

    private static Complex[] Scale(Complex[] matrix, Complex factor) => matrix.Select(m => m * factor).ToArray();

    /// <summary>Control on local bit 0, target on local bit 1.</summary>
    private static Complex[] Controlled(Complex[] target)
    {
        var m = new Complex[16];
        for (var t = 0; t < 2; t++)
        {
            m[(t << 1) * 4 + (t << 1)] = 1;
            for (var u = 0; u < 2; u++)
            {
                m[((t << 1) | 1) * 4 + ((u << 1) | 1)] = target[t * 2 + u];
            }
        }
        return m;
    }

    private static Complex[] SwapMatrix()
    {
        var m = new Complex[16];
        m[0] = 1;
        m[1 * 4 + 2] = 1;
        m[2 * 4 + 1] = 1;
        m[15] = 1;
        return m;
    }

    /// <summary>exp(−iθ P⊗P/2) = cos(θ/2)·I − i sin(θ/2)·P⊗P.</summary>
    private static Complex[] PauliRotation(double theta, Complex[] pauli)
    {
        var m = new Complex[16];
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                var pp = pauli[(r & 1) * 2 + (c & 1)] * pauli[(r >> 1) * 2 + (c >> 1)];
                m[r * 4 + c] = (r == c ? Math.Cos(theta / 2) : 0) - I * Math.Sin(theta / 2) * pp;
            }
        }
        return m;
    }

    private static Complex[] Toffoli()
    {
        var m = new Complex[64];
        for (var c = 0; c < 8; c++)
        {
            var r = (c & 3) == 3 ? c ^ 4 : c;
            m[r * 8 + c] = 1;
        }
        return m;
    }

    private static Complex[] Fredkin()
    {
        var m = new Complex[64];
        for (var c = 0; c < 8; c++)
        {
            var swapped = ((c >> 1) & 1) != ((c >> 2) & 1) && (c & 1) == 1;
            var r = swapped ? c ^ 6 : c;
            m[r * 8 + c] = 1;
        }
        return m;
    }
}
