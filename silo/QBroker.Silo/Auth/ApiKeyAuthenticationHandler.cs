using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using QBroker.Silo.Api;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Auth;

/// <summary>Authenticates "Authorization: Bearer &lt;api key&gt;" against the stored key hashes.</summary>
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
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        }
        var (keyId, secret) = ApiKeyToken.Identify(header[7..].Trim());
        var key = await keys.FindAsync(keyId);
        if (key is null || key.RevokedAt is not null || !ApiKeyToken.Matches(secret, key.SecretSha256))
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }
        var caller = new Caller(key.Role, key.SubjectId, key.InstitutionId, key.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, new ApiError(401, "/problems/unauthenticated", "Authentication required",
            "Send a valid API key as 'Authorization: Bearer <key>'."));

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, ApiError.Forbidden("This key's role may not do this."));
}
