namespace QBroker.Qasm.Ir;

/// <summary>Arity, parameter count and Clifford-ness of each standard gate.</summary>
public static class StandardGateInfo
{
    public static int QubitCount(StandardGate gate) => gate switch
    {
        StandardGate.CX or StandardGate.CY or StandardGate.CZ or StandardGate.CH or StandardGate.CSX
            or StandardGate.CRX or StandardGate.CRY or StandardGate.CRZ or StandardGate.CP or StandardGate.CU
            or StandardGate.Swap or StandardGate.RXX or StandardGate.RYY or StandardGate.RZZ => 2,
        StandardGate.CCX or StandardGate.CSwap => 3,
        _ => 1,
    };

    public static int ParameterCount(StandardGate gate) => gate switch
    {
        StandardGate.RX or StandardGate.RY or StandardGate.RZ or StandardGate.P
            or StandardGate.CRX or StandardGate.CRY or StandardGate.CRZ or StandardGate.CP
            or StandardGate.RXX or StandardGate.RYY or StandardGate.RZZ => 1,
        StandardGate.U2 => 2,
        StandardGate.U => 3,
        StandardGate.CU => 4,
        _ => 0,
    };

    /// <summary>True for gates in the Clifford group whatever their parameters (parameterised gates are checked by angle elsewhere).</summary>
    public static bool IsCliffordByName(StandardGate gate) => gate is
        StandardGate.I or StandardGate.X or StandardGate.Y or StandardGate.Z or StandardGate.H
        or StandardGate.S or StandardGate.Sdg or StandardGate.SX or StandardGate.SXdg
        or StandardGate.CX or StandardGate.CY or StandardGate.CZ or StandardGate.Swap;
}
