namespace QBroker.Backends;

/// <summary>
/// Calibration of the native two-qubit gate on one coupler, as IBM's backend properties list it per edge
/// (<c>gates[]</c> entries with <c>gate_error</c> and <c>gate_length</c>). The edge is undirected: the same figures
/// hold for (A, B) and (B, A).
/// </summary>
public sealed record EdgeCalibration(int A, int B, double GateError, double DurationSeconds)
{
    /// <summary>The edge as an ordered pair (smaller qubit first), the key of <see cref="DeviceCalibration.Edge"/>.</summary>
    public (int Low, int High) Key => A < B ? (A, B) : (B, A);
}
