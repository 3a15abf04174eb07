using System.Net;
using QBroker.Client.Api;

namespace QBroker.Client;

/// <summary>
/// The API answered with a non-success status. <see cref="Problem"/> holds the parsed RFC 9457 document (or one
/// synthesised from the status line when the body was not problem JSON), so callers can read the QASM position or
/// validation errors without parsing again.
/// </summary>
public sealed class QBrokerApiException(HttpStatusCode statusCode, ApiProblem problem, Uri requestUri)
    : Exception(DescribeProblem(statusCode, problem))
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public ApiProblem Problem { get; } = problem;

    /// <summary>The URL of the request that failed.</summary>
    public Uri RequestUri { get; } = requestUri;

    private static string DescribeProblem(HttpStatusCode statusCode, ApiProblem problem)
    {
        var text = !string.IsNullOrWhiteSpace(problem.Detail) ? problem.Detail
            : !string.IsNullOrWhiteSpace(problem.Title) ? problem.Title
            : $"HTTP {(int)statusCode} {statusCode}";
        return text;
    }
}
