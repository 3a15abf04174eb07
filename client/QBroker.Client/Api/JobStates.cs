namespace QBroker.Client.Api;

/// <summary>The job states of the API, as they appear on the wire.</summary>
public static class JobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Retrying = "retrying";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Queued, Running, Retrying, Completed, Failed, Cancelled];

    public static bool IsTerminal(string state) => state is Completed or Failed or Cancelled;
}
