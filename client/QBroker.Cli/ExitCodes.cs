namespace QBroker.Cli;

/// <summary>
/// Process exit codes of <c>qbroker</c>. Scripts rely on them, so they never change meaning:
/// 0 success; 1 the API refused the request or the job failed or was cancelled (and any other error);
/// 2 usage error (bad arguments, missing file); 3 not authenticated (no key, or the key was rejected);
/// 4 not found (unknown job or device, or one that is not yours); 5 the server could not be reached;
/// 130 interrupted (Ctrl+C), as shells report SIGINT.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Error = 1;
    public const int Usage = 2;
    public const int NotAuthenticated = 3;
    public const int NotFound = 4;
    public const int ConnectionFailure = 5;
    public const int Interrupted = 130;
}
