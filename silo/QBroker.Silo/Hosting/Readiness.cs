namespace QBroker.Silo.Hosting;

/// <summary>
/// Whether this silo should receive traffic: not yet while it starts (until recovery is done), then ready, and not
/// any more once shutdown begins. Callers turned away are told which of the two windows they hit.
/// </summary>
public sealed class Readiness
{
    private volatile int _phase = (int)ReadinessPhase.Starting;

    public ReadinessPhase Phase => (ReadinessPhase)_phase;

    public bool IsReady => Phase == ReadinessPhase.Ready;

    public void MarkReady() => _phase = (int)ReadinessPhase.Ready;

    /// <summary>Shutdown has begun; the silo never becomes ready again in this process.</summary>
    public void MarkStopping() => _phase = (int)ReadinessPhase.Stopping;
}
