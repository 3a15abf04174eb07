using System.Net;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Cli.Tests;

public sealed class CliErrorsTests
{
    private static QBrokerApiException Api(HttpStatusCode status, string detail) =>
        new(status, new ApiProblem { Status = (int)status, Title = status.ToString(), Detail = detail }, new Uri("http://q/api/v1/jobs"));

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, ExitCodes.NotAuthenticated)]
    [InlineData(HttpStatusCode.Forbidden, ExitCodes.NotFound)]
    [InlineData(HttpStatusCode.NotFound, ExitCodes.NotFound)]
    [InlineData(HttpStatusCode.BadRequest, ExitCodes.Error)]
    [InlineData(HttpStatusCode.Conflict, ExitCodes.Error)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, ExitCodes.Error)]
    [InlineData(HttpStatusCode.UnprocessableEntity, ExitCodes.Error)]
    public void Api_statuses_map_to_exit_codes(HttpStatusCode status, int exitCode)
    {
        var failure = CliErrors.Describe(Api(status, "why"));
        Assert.Equal(exitCode, failure.ExitCode);
        Assert.Contains("why", failure.Line, StringComparison.Ordinal);
        Assert.Contains($"HTTP {(int)status}", failure.Line, StringComparison.Ordinal);
        Assert.StartsWith("qbroker: ", failure.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_failure_is_exit_code_5_and_names_the_url()
    {
        var failure = CliErrors.Describe(new QBrokerConnectionException(new Uri("http://q:1/api/v1/whoami"), "Connection refused", new HttpRequestException()));
        Assert.Equal(ExitCodes.ConnectionFailure, failure.ExitCode);
        Assert.Equal("qbroker: cannot reach QBroker at http://q:1/api/v1/whoami: Connection refused", failure.Line);
    }

    [Fact]
    public void Interruption_is_exit_code_130() =>
        Assert.Equal(ExitCodes.Interrupted, CliErrors.Describe(new OperationCanceledException()).ExitCode);

    [Fact]
    public void Anything_else_is_exit_code_1_on_one_line()
    {
        var failure = CliErrors.Describe(new IOException("disk\nfull"));
        Assert.Equal(new CliFailure(ExitCodes.Error, "qbroker: disk full"), failure);
    }

    [Fact]
    public void A_qasm_error_is_formatted_like_a_compiler_error()
    {
        var problem = new ApiProblem { Status = 400, Title = "Invalid QASM", Detail = "unknown gate 'hh'", Line = 4, Column = 7 };
        Assert.Equal("bell.qasm:4:7: unknown gate 'hh'", CliErrors.FormatSourceError("bell.qasm", problem));
    }

    [Fact]
    public void A_position_repeated_in_the_detail_is_not_printed_twice()
    {
        var problem = new ApiProblem { Type = "/problems/malformed-qasm", Detail = "line 2, column 5: expected ';'", Line = 2, Column = 5 };
        Assert.Equal("ghz.qasm:2:5: expected ';'", CliErrors.FormatSourceError("ghz.qasm", problem));
    }

    [Fact]
    public void A_json_syntax_error_is_not_a_source_error() =>
        Assert.Null(CliErrors.FormatSourceError("ghz.qasm", new ApiProblem { Type = "/problems/malformed-json", Detail = "bad", Line = 1, Column = 2 }));

    [Fact]
    public void A_problem_without_position_is_not_a_source_error() =>
        Assert.Null(CliErrors.FormatSourceError("bell.qasm", new ApiProblem { Detail = "shots out of range" }));
}
