namespace QBroker.Qkd.Authentication;

/// <summary>
/// An active adversary on the classical channel: given a message in transit and its bytes as sent, returns the bytes
/// the receiver gets. Authentication must then fail the phase whenever the two differ.
/// </summary>
public delegate byte[] ClassicalChannelTamper(ClassicalMessage message, byte[] sent);
