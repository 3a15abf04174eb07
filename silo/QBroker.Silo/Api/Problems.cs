using System.Diagnostics;

namespace QBroker.Silo.Api;

/// <summary>Writes <see cref="ApiError"/>s as application/problem+json with the trace id, never a stack trace.</summary>
public static class Problems
{
    public static IResult ToResult(this ApiError error, HttpContext context)
    {
        var extensions = new Dictionary<string, object?>(error.Extensions)
        {
            ["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier,
        };
        return Results.Problem(
            detail: error.Detail,
            instance: context.Request.Path,
            statusCode: error.Status,
            title: error.Title,
            type: error.Type,
            extensions: extensions);
    }

    /// <summary>For middleware that has no endpoint result to return (authentication, body limits).</summary>
    public static Task WriteAsync(HttpContext context, ApiError error) => error.ToResult(context).ExecuteAsync(context);
}
