namespace QBroker.Silo.Qkd;

public static class QkdEndpoints
{
    /// <summary>ETSI GS QKD 014 key delivery under /api/v1/keys, links under /api/v1/qkd/links, encrypted channels under /api/v1/qkd/channels.</summary>
    public static void MapQkdEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapEtsiKeyEndpoints();
        routes.MapQkdLinkEndpoints();
        routes.MapQkdChannelEndpoints();
    }
}
