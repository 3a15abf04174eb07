namespace QBroker.Client;

/// <summary>
/// No HTTP answer came back from the server: refused connection, DNS failure, TLS failure or timeout. The message
/// names the URL so a user sees at once which address was tried.
/// </summary>
public sealed class QBrokerConnectionException(Uri requestUri, string reason, Exception innerException)
    : Exception($"cannot reach QBroker at {requestUri}: {reason}", innerException)
{
    public Uri RequestUri { get; } = requestUri;
}
