using System.Net;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Cli;

/// <summary>Maps what went wrong to one line for stderr and an exit code (see <see cref="ExitCodes"/>).</summary>
public static class CliErrors
{
    /// <summary>Prefix of every error line that is not in compiler style.</summary>
    public const string Prefix = "qbroker: ";

    /// <summary>The problem type the API uses for a request body that is not JSON; its line and column point into the JSON.</summary>
    public const string MalformedJsonProblemType = "/problems/malformed-json";

    public static CliFailure Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            CliException cli => new CliFailure(cli.ExitCode, OneLine(cli.Message)),
            QBrokerApiException api => DescribeApi(api),
            QBrokerConnectionException connection => new CliFailure(ExitCodes.ConnectionFailure, Prefix + OneLine(connection.Message)),
            OperationCanceledException => new CliFailure(ExitCodes.Interrupted, Prefix + "interrupted"),
            _ => new CliFailure(ExitCodes.Error, Prefix + OneLine(exception.Message)),
        };
    }

    /// <summary>
    /// A QASM error in compiler style, <c>FILE:LINE:COL: message</c>, so editors and terminals can jump to it;
    /// null when the problem carries no source position, or when the position is in the request's JSON rather than
    /// in the program.
    /// </summary>
    public static string? FormatSourceError(string fileName, ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Line is not { } line || problem.Type == MalformedJsonProblemType)
        {
            return null;
        }

        var position = problem.Column is { } column ? $"{line}:{column}" : $"{line}";
        var message = OneLine(problem.Detail ?? problem.Title ?? "invalid program");

        // The server's detail may repeat the position in words ("line 3, column 5: ..."); the prefix already says it.
        var spelledOut = problem.Column is { } col ? $"line {line}, column {col}: " : $"line {line}: ";
        if (message.StartsWith(spelledOut, StringComparison.Ordinal) && message.Length > spelledOut.Length)
        {
            message = message[spelledOut.Length..];
        }

        return $"{fileName}:{position}: {message}";
    }

    /// <summary>Folds a possibly multi-line server message onto one line.</summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static CliFailure DescribeApi(QBrokerApiException api)
    {
        var status = (int)api.StatusCode;
        var message = OneLine(api.Message);
        return api.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new CliFailure(
                ExitCodes.NotAuthenticated,
                $"{Prefix}not authenticated: {message} (HTTP 401; run 'qbroker login' or set QBROKER_TOKEN)"),
            // The API answers 403 or 404 for another owner's job alike, so neither reveals that it exists.
            HttpStatusCode.Forbidden or HttpStatusCode.NotFound => new CliFailure(ExitCodes.NotFound, $"{Prefix}not found: {message} (HTTP {status})"),
            _ => new CliFailure(ExitCodes.Error, $"{Prefix}{message} (HTTP {status})"),
        };
    }
}
