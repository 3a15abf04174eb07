namespace QBroker.Qkd.Sessions;

/// <summary>A session's report and the two parties' final keys (bit i at bit i % 8 of byte i / 8).</summary>
public sealed record SessionResult(SessionReport Report, byte[] AliceKey, byte[] BobKey);
