namespace QBroker.Qasm.Ir;

/// <summary>
/// The gates every backend understands. The parser expands user-defined gates into these, so a backend never
/// sees a name it does not know. Names follow qelib1.inc and stdgates.inc.
/// </summary>
public enum StandardGate
{
    I, X, Y, Z, H, S, Sdg, T, Tdg, SX, SXdg,
    RX, RY, RZ,
    /// <summary>Phase gate diag(1, e^{iλ}); qelib1's u1 and stdgates' p/phase.</summary>
    P,
    /// <summary>U(θ, φ, λ); qelib1's u3 and OpenQASM's built-in U.</summary>
    U,
    /// <summary>u2(φ, λ) = U(π/2, φ, λ).</summary>
    U2,
    CX, CY, CZ, CH, CSX,
    CRX, CRY, CRZ,
    /// <summary>Controlled phase; qelib1's cu1 and stdgates' cp/cphase.</summary>
    CP,
    /// <summary>Controlled U(θ, φ, λ) with an extra phase γ on the control (stdgates' cu, 4 parameters; qelib1's cu3 has γ = 0).</summary>
    CU,
    Swap, RXX, RYY, RZZ,
    CCX, CSwap,
}
