namespace QBroker.Backends.Stabilizer;

/// <summary>The primitive Clifford gates the tableau and the Pauli frames implement directly.</summary>
public enum CliffordGate
{
    H, S, Sdg, X, Y, Z, CX, CZ, Swap,
}

/// <summary>A primitive Clifford gate on one qubit (<see cref="B"/> = −1) or two (control A, target B).</summary>
public readonly record struct CliffordOp(CliffordGate Gate, int A, int B = -1);
