namespace QBroker.Silo.Hosting;

/// <summary>Whether this silo should receive traffic: set once recovery is done, cleared as shutdown begins.</summary>
public sealed class Readiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public void MarkNotReady() => _ready = false;
}
