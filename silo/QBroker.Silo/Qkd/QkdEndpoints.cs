namespace QBroker.Silo.Qkd;

public static class QkdEndpoints
{
    /// <summary>ETSI GS QKD 014 key delivery under /api/v1/keys and link management under /api/v1/qkd/links.</summary>
    public static void MapQkdEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapEtsiKeyEndpoints();
        routes.MapQkdLinkEndpoints();
    }
}
