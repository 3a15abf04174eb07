namespace QBroker.Grains.Qkd;

/// <summary>One link of a relay path, walked from <see cref="FromSite"/> (whose pool it draws) to <see cref="ToSite"/>.</summary>
public sealed record RelayHop(string LinkId, string FromSite, string ToSite, int StoredBytes, int CapacityBytes, double RateBitsPerSecond);
