namespace QBroker.Silo.Hosting;

public enum ReadinessPhase
{
    /// <summary>The HTTP server listens before the silo has recovered its queue.</summary>
    Starting,

    Ready,

    /// <summary>Shutdown has begun: the server keeps listening for a moment while the silo hands its work over.</summary>
    Stopping,
}
