using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Auth;

/// <summary>
/// A browser cannot send "Authorization: Bearer" to the Orleans dashboard, so an operator signs in once with the
/// operator key in a form; the key is then kept in a cookie that only the dashboard's paths receive (HttpOnly,
/// SameSite=Strict, Secure over HTTPS) and is checked on every request exactly like the header (revoking the key ends
/// the session). Only operator keys are accepted; signing out deletes the cookie.
/// </summary>
public static class DashboardLogin
{
    public const string CookieName = "qbroker-dashboard-key";

    public const string LoginPath = "/dashboard-login";

    public const string LogoutPath = "/dashboard-logout";

    /// <summary>Maps the sign-in form, its post and the sign-out next to the dashboard at <paramref name="dashboardPath"/>.</summary>
    public static WebApplication MapDashboardLogin(this WebApplication app, string dashboardPath)
    {
        app.MapGet(LoginPath, () => Form(HttpStatusCode.OK, message: null)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(LoginPath, async (HttpContext context, ApiKeyCache keys) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var token = form["key"].ToString().Trim();
            if (token.Length == 0 || !await IsOperatorKeyAsync(keys, token))
            {
                return Form(HttpStatusCode.Unauthorized, "That is not a valid operator key.");
            }
            context.Response.Cookies.Append(CookieName, token, CookieFor(context, dashboardPath));
            return Results.Redirect(dashboardPath + "/", permanent: false, preserveMethod: false);
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapPost(LogoutPath, (HttpContext context) =>
        {
            context.Response.Cookies.Delete(CookieName, CookieFor(context, dashboardPath));
            return Results.Redirect(LoginPath, permanent: false, preserveMethod: false);
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    /// <summary>The dashboard cookie's key, for requests under the dashboard that carry no Authorization header.</summary>
    public static string? KeyFrom(HttpRequest request, string dashboardPath) =>
        request.Path.StartsWithSegments(dashboardPath) && request.Cookies.TryGetValue(CookieName, out var key) && key.Length > 0 ? key : null;

    /// <summary>Whether a browser asked for a dashboard page (it gets the sign-in form, not a JSON problem).</summary>
    public static bool IsBrowserPageRequest(HttpRequest request, string dashboardPath) =>
        request.Path.StartsWithSegments(dashboardPath) && HttpMethods.IsGet(request.Method)
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static async Task<bool> IsOperatorKeyAsync(ApiKeyCache keys, string token)
    {
        var (keyId, secret) = ApiKeyToken.Identify(token);
        var key = await keys.FindAsync(keyId);
        return key is { RevokedAt: null, Role: Role.Operator } && ApiKeyToken.Matches(secret, key.SecretSha256);
    }

    private static CookieOptions CookieFor(HttpContext context, string dashboardPath) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = dashboardPath,
        MaxAge = TimeSpan.FromHours(8),
    };

    private static ContentHttpResult Form(HttpStatusCode status, string? message) => TypedResults.Content(
        $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>QBroker operator sign-in</title></head>
        <body style="font-family: sans-serif; max-width: 28em; margin: 4em auto">
        <h1>QBroker dashboard</h1>
        {{(message is null ? "" : $"<p role=\"alert\">{WebUtility.HtmlEncode(message)}</p>")}}
        <form method="post" action="{{LoginPath}}">
        <label>Operator API key <input type="password" name="key" autocomplete="off" required autofocus></label>
        <button type="submit">Sign in</button>
        </form>
        </body></html>
        """,
        "text/html; charset=utf-8",
        statusCode: (int)status);
}
