using System.Numerics;

namespace QBroker.Backends.Stabilizer;

/// <summary>
/// Aaronson–Gottesman stabilizer tableau ("Improved simulation of stabilizer circuits", PRA 70, 052328, 2004):
/// rows 0..n−1 are destabilizers, n..2n−1 stabilizers, row 2n is scratch. Each row stores its X and Z bits packed
/// 64 qubits per word and a sign bit. Gates cost O(n) bit operations, a measurement O(n²/64).
/// </summary>
public sealed class StabilizerTableau
{
    private readonly int _n;
    private readonly int _words;
    private readonly ulong[] _x;
    private readonly ulong[] _z;
    private readonly bool[] _r;

    public StabilizerTableau(int qubitCount)
    {
        _n = qubitCount;
        _words = (qubitCount + 63) / 64;
        var rows = 2 * qubitCount + 1;
        _x = new ulong[rows * _words];
        _z = new ulong[rows * _words];
        _r = new bool[rows];
        for (var i = 0; i < qubitCount; i++)
        {
            SetBit(_x, i, i);
            SetBit(_z, i + qubitCount, i);
        }
    }

    private StabilizerTableau(StabilizerTableau other)
    {
        _n = other._n;
        _words = other._words;
        _x = (ulong[])other._x.Clone();
        _z = (ulong[])other._z.Clone();
        _r = (bool[])other._r.Clone();
    }

    public int QubitCount => _n;

    public StabilizerTableau Clone() => new(this);

    public void Apply(CliffordOp op)
    {
        switch (op.Gate)
        {
            case CliffordGate.H: H(op.A); break;
            case CliffordGate.S: S(op.A); break;
            case CliffordGate.Sdg: S(op.A); S(op.A); S(op.A); break;
            case CliffordGate.X: Pauli(op.A, x: true, z: false); break;
            case CliffordGate.Y: Pauli(op.A, x: true, z: true); break;
            case CliffordGate.Z: Pauli(op.A, x: false, z: true); break;
            case CliffordGate.CX: CX(op.A, op.B); break;
            case CliffordGate.CZ: H(op.B); CX(op.A, op.B); H(op.B); break;
            case CliffordGate.Swap: CX(op.A, op.B); CX(op.B, op.A); CX(op.A, op.B); break;
        }
    }

    /// <summary>
    /// Measures qubit <paramref name="a"/> in Z. A random outcome takes <paramref name="randomOutcome"/>; a determined
    /// one ignores it. <paramref name="wasRandom"/> tells which case occurred.
    /// </summary>
    public bool Measure(int a, bool randomOutcome, out bool wasRandom)
    {
        var p = -1;
        for (var i = _n; i < 2 * _n; i++)
        {
            if (GetBit(_x, i, a))
            {
                p = i;
                break;
            }
        }
        if (p >= 0)
        {
            wasRandom = true;
            for (var i = 0; i < 2 * _n; i++)
            {
                if (i != p && GetBit(_x, i, a))
                {
                    RowMultiply(i, p);
                }
            }
            CopyRow(p - _n, p);
            ClearRow(p);
            SetBit(_z, p, a);
            _r[p] = randomOutcome;
            return randomOutcome;
        }
        wasRandom = false;
        var scratch = 2 * _n;
        ClearRow(scratch);
        for (var i = 0; i < _n; i++)
        {
            if (GetBit(_x, i, a))
            {
                RowMultiply(scratch, i + _n);
            }
        }
        return _r[scratch];
    }

    private void H(int a)
    {
        var (w, bit) = (a >> 6, 1UL << (a & 63));
        for (var i = 0; i < 2 * _n; i++)
        {
            var idx = i * _words + w;
            var x = (_x[idx] & bit) != 0;
            var z = (_z[idx] & bit) != 0;
            _r[i] ^= x && z;
            if (x != z)
            {
                _x[idx] ^= bit;
                _z[idx] ^= bit;
            }
        }
    }

    private void S(int a)
    {
        var (w, bit) = (a >> 6, 1UL << (a & 63));
        for (var i = 0; i < 2 * _n; i++)
        {
            var idx = i * _words + w;
            var x = (_x[idx] & bit) != 0;
            var z = (_z[idx] & bit) != 0;
            _r[i] ^= x && z;
            if (x)
            {
                _z[idx] ^= bit;
            }
        }
    }

    /// <summary>A Pauli flips the sign of every row it anticommutes with: X with rows having Z there, Z with rows having X.</summary>
    private void Pauli(int a, bool x, bool z)
    {
        for (var i = 0; i < 2 * _n; i++)
        {
            _r[i] ^= (x && GetBit(_z, i, a)) ^ (z && GetBit(_x, i, a));
        }
    }

    private void CX(int a, int b)
    {
        for (var i = 0; i < 2 * _n; i++)
        {
            var xa = GetBit(_x, i, a);
            var zb = GetBit(_z, i, b);
            var xb = GetBit(_x, i, b);
            var za = GetBit(_z, i, a);
            _r[i] ^= xa && zb && (xb == za);
            if (xa)
            {
                FlipBit(_x, i, b);
            }
            if (zb)
            {
                FlipBit(_z, i, a);
            }
        }
    }

    /// <summary>
    /// Row h ← row h · row i, tracking the phase: the exponent of i contributed by each qubit is g(x_i, z_i, x_h, z_h)
    /// from the paper, counted here 64 qubits at a time as +1 and −1 masks.
    /// </summary>
    private void RowMultiply(int h, int i)
    {
        var sum = 0;
        for (var w = 0; w < _words; w++)
        {
            var x1 = _x[i * _words + w];
            var z1 = _z[i * _words + w];
            var x2 = _x[h * _words + w];
            var z2 = _z[h * _words + w];
            var y1 = x1 & z1;
            var xOnly = x1 & ~z1;
            var zOnly = ~x1 & z1;
            var plus = (y1 & z2 & ~x2) | (xOnly & z2 & x2) | (zOnly & x2 & ~z2);
            var minus = (y1 & x2 & ~z2) | (xOnly & z2 & ~x2) | (zOnly & x2 & z2);
            sum += BitOperations.PopCount(plus) - BitOperations.PopCount(minus);
            _x[h * _words + w] = x2 ^ x1;
            _z[h * _words + w] = z2 ^ z1;
        }
        var total = (_r[h] ? 2 : 0) + (_r[i] ? 2 : 0) + sum;
        _r[h] = ((total % 4) + 4) % 4 == 2;
    }

    private void CopyRow(int target, int source)
    {
        Array.Copy(_x, source * _words, _x, target * _words, _words);
        Array.Copy(_z, source * _words, _z, target * _words, _words);
        _r[target] = _r[source];
    }

    private void ClearRow(int row)
    {
        Array.Clear(_x, row * _words, _words);
        Array.Clear(_z, row * _words, _words);
        _r[row] = false;
    }

    private bool GetBit(ulong[] bits, int row, int qubit) => (bits[row * _words + (qubit >> 6)] & (1UL << (qubit & 63))) != 0;

    private void SetBit(ulong[] bits, int row, int qubit) => bits[row * _words + (qubit >> 6)] |= 1UL << (qubit & 63);

    private void FlipBit(ulong[] bits, int row, int qubit) => bits[row * _words + (qubit >> 6)] ^= 1UL << (qubit & 63);
}
