namespace QBroker.Backends.Qkd;

/// <summary>The QKD experiment JSON is malformed or out of bounds; the message names the field (see docs/qkd-job-format.md).</summary>
public sealed class QkdExperimentFormatException(string message, Exception? inner = null) : FormatException(message, inner);
