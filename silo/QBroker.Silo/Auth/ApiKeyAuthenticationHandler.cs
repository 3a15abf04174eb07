using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using QBroker.Silo.Api;
using QBroker.Silo.Telemetry;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Auth;

/// <summary>
/// Authenticates "Authorization: Bearer &lt;api key&gt;" against the stored key hashes; under the Orleans dashboard also
/// the key an operator signed in with (<see cref="DashboardLogin"/>), which a browser sends as a cookie.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string token;
        if (!string.IsNullOrEmpty(header))
        {
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            {
                return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
            }
            token = header[7..].Trim();
        }
        else if (DashboardLogin.KeyFrom(Request, TelemetryHostingExtensions.DashboardPath) is { } signedIn)
        {
            token = signedIn;
        }
        else
        {
            return AuthenticateResult.NoResult();
        }
        var (keyId, secret) = ApiKeyToken.Identify(token);
        var key = await keys.FindAsync(keyId);
        if (key is null || key.RevokedAt is not null || !ApiKeyToken.Matches(secret, key.SecretSha256))
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }
        var caller = new Caller(key.Role, key.SubjectId, key.InstitutionId, key.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (DashboardLogin.IsBrowserPageRequest(Request, TelemetryHostingExtensions.DashboardPath))
        {
            Response.Redirect(DashboardLogin.LoginPath);
            return Task.CompletedTask;
        }
        return Problems.WriteAsync(Context, new ApiError(401, "/problems/unauthenticated", "Authentication required",
            "Send a valid API key as 'Authorization: Bearer <key>'."));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, ApiError.Forbidden("This key's role may not do this."));
}
