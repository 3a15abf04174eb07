namespace QBroker.Silo.Api;

/// <summary>
/// An expected failure of a request, as a value: the API turns it into an RFC 9457 problem document. Types are
/// stable URIs under /problems/ so clients can switch on them.
/// </summary>
public sealed record ApiError(int Status, string Type, string Title, string Detail)
{
    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();

    public static ApiError BadRequest(string detail) => new(400, "/problems/bad-request", "The request is invalid", detail);

    public static ApiError MalformedJson(string detail, long? line, long? column) =>
        new(400, "/problems/malformed-json", "The request body is not valid JSON", detail)
        {
            Extensions = new Dictionary<string, object?> { ["line"] = line, ["column"] = column },
        };

    public static ApiError MissingField(string field, string detail) =>
        new(400, "/problems/validation", "A required field is missing or invalid", detail)
        {
            Extensions = new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } },
        };

    public static ApiError Invalid(string field, string detail) => MissingField(field, detail);

    public static ApiError MalformedQasm(int line, int column, string message) =>
        new(400, "/problems/malformed-qasm", "The circuit is not valid OpenQASM", $"line {line}, column {column}: {message}")
        {
            Extensions = new Dictionary<string, object?> { ["line"] = line, ["column"] = column },
        };

    public static ApiError UnknownDevice(string deviceId, IEnumerable<string> known) =>
        new(422, "/problems/unknown-device", "Unknown device", $"There is no device '{deviceId}'. Devices: {string.Join(", ", known)}.");

    public static ApiError NoEligibleDevice(string detail) => new(422, "/problems/no-eligible-device", "No device can run this job", detail);

    public static ApiError NotFound(string detail) => new(404, "/problems/not-found", "Not found", detail);

    public static ApiError Forbidden(string detail) => new(403, "/problems/forbidden", "Forbidden", detail);

    public static ApiError Conflict(string detail) => new(409, "/problems/conflict", "Conflict", detail);

    public static ApiError BudgetExceeded(string detail) => new(402, "/problems/budget-exceeded", "Budget exceeded", detail);

    public static ApiError PayloadTooLarge(long limit) =>
        new(413, "/problems/payload-too-large", "The request body is too large", $"The request body exceeds the limit of {limit} bytes.");
}
