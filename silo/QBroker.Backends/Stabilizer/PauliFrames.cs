using QBroker.Backends.Execution;

namespace QBroker.Backends.Stabilizer;

/// <summary>
/// One Pauli frame per shot, 64 shots per word: bit <c>s</c> of X[q] says whether shot s carries an X error on qubit q
/// relative to the reference run. Clifford gates conjugate the frames (H swaps X and Z, S adds X into Z, CX copies X
/// forward and Z backward); a measurement reports the reference outcome flipped by the frame's X bit.
/// </summary>
public sealed class PauliFrames
{
    private readonly int _shots;
    private readonly ulong[][] _x;
    private readonly ulong[][] _z;
    private readonly DeterministicRandom _random;

    public PauliFrames(int qubits, int shots, DeterministicRandom random)
    {
        _shots = shots;
        _random = random;
        Words = (shots + 63) / 64;
        _x = new ulong[qubits][];
        _z = new ulong[qubits][];
        for (var q = 0; q < qubits; q++)
        {
            _x[q] = new ulong[Words];
            _z[q] = new ulong[Words];
            RandomiseZ(q);
        }
    }

    public int Words { get; }

    public void Apply(CliffordOp op)
    {
        var a = op.A;
        var b = op.B;
        switch (op.Gate)
        {
            case CliffordGate.H:
                (_x[a], _z[a]) = (_z[a], _x[a]);
                break;
            case CliffordGate.S or CliffordGate.Sdg:
                Xor(_z[a], _x[a]);
                break;
            case CliffordGate.CX:
                Xor(_x[b], _x[a]);
                Xor(_z[a], _z[b]);
                break;
            case CliffordGate.CZ:
                Xor(_z[a], _x[b]);
                Xor(_z[b], _x[a]);
                break;
            case CliffordGate.Swap:
                (_x[a], _x[b]) = (_x[b], _x[a]);
                (_z[a], _z[b]) = (_z[b], _z[a]);
                break;
        }
    }

    /// <summary>Writes each shot's outcome (reference XOR frame, then readout error) into <paramref name="record"/>.</summary>
    public void Measure(MeasureStep measure, bool reference, ulong[] record)
    {
        var x = _x[measure.Qubit];
        for (var w = 0; w < Words; w++)
        {
            record[w] = reference ? ~x[w] : x[w];
        }
        if (measure.HasReadoutError)
        {
            for (var s = 0; s < _shots; s++)
            {
                var bit = (record[s >> 6] >> (s & 63) & 1) == 1;
                if (ReadoutNoise.Apply(bit, measure, _random) != bit)
                {
                    record[s >> 6] ^= 1UL << (s & 63);
                }
            }
        }
        RandomiseZ(measure.Qubit);
    }

    public void Reset(int qubit)
    {
        Array.Clear(_x[qubit]);
        RandomiseZ(qubit);
    }

    public void PauliNoise(PauliNoiseStep noise)
    {
        var total = noise.ProbabilityX + noise.ProbabilityY + noise.ProbabilityZ;
        ForEachHit(total, shot =>
        {
            var u = _random.NextDouble() * total;
            var flipX = u < noise.ProbabilityX + noise.ProbabilityY;
            var flipZ = u >= noise.ProbabilityX;
            Flip(noise.Qubit, shot, flipX, flipZ);
        });
    }

    public void Depolarize(DepolarizingStep noise)
    {
        ForEachHit(noise.ErrorProbability, shot =>
        {
            var code = PauliSampling.RandomNonIdentity(noise.Qubits.Length, _random);
            for (var j = 0; j < noise.Qubits.Length; j++)
            {
                var single = PauliSampling.PauliAt(code, j);
                Flip(noise.Qubits[j], shot, single is 1 or 2, single is 2 or 3);
            }
        });
    }

    private void Flip(int qubit, int shot, bool x, bool z)
    {
        var mask = 1UL << (shot & 63);
        if (x)
        {
            _x[qubit][shot >> 6] ^= mask;
        }
        if (z)
        {
            _z[qubit][shot >> 6] ^= mask;
        }
    }

    /// <summary>Visits the shots hit by an event of probability p, jumping between hits with geometric gaps instead of drawing per shot.</summary>
    private void ForEachHit(double probability, Action<int> hit)
    {
        if (probability <= 0)
        {
            return;
        }
        var logMiss = Math.Log(1 - Math.Min(probability, 1 - 1e-15));
        var shot = -1L;
        while (true)
        {
            shot += 1 + (long)Math.Floor(Math.Log(1 - _random.NextDouble()) / logMiss);
            if (shot >= _shots)
            {
                return;
            }
            hit((int)shot);
        }
    }

    private void RandomiseZ(int qubit)
    {
        var z = _z[qubit];
        for (var w = 0; w < Words; w++)
        {
            z[w] = _random.NextUInt64();
        }
    }

    private static void Xor(ulong[] target, ulong[] source)
    {
        for (var w = 0; w < target.Length; w++)
        {
            target[w] ^= source[w];
        }
    }
}
