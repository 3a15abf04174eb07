using QBroker.Client.Api;
using QBroker.Silo.Accounts;
using QBroker.Silo.Auth;
using QBroker.Silo.Hosting;

namespace QBroker.Silo.Api;

/// <summary>/api/v1/whoami and the health probes.</summary>
public static class IdentityEndpoints
{
    public static void MapIdentityAndHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/whoami", (HttpContext context, AccountDirectory accounts) =>
        {
            var caller = Caller.From(context.User);
            return Results.Ok(new WhoAmI
            {
                Role = caller.Role.ToString().ToLowerInvariant(),
                Subject = caller.SubjectId,
                Institution = caller.InstitutionId,
                DisplayName = accounts.FindResearcher(caller.SubjectId)?.Name ?? caller.SubjectId,
            });
        }).RequireAuthorization().WithTags("Identity").Produces<WhoAmI>();

        // Liveness: the process answers. No dependencies, so a slow database never gets a healthy silo killed.
        routes.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();

        // Readiness: recovery has finished and shutdown has not begun.
        routes.MapGet("/readyz", (Readiness readiness) => readiness.IsReady
            ? Results.Text("ready")
            : Results.Text("not ready", statusCode: StatusCodes.Status503ServiceUnavailable)).AllowAnonymous().ExcludeFromDescription();
    }
}
