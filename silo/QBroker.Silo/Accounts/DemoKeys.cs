namespace QBroker.Silo.Accounts;

/// <summary>
/// The keys made for the demo world on first start, written once to demo-keys.json in the data directory (mode
/// 600) so a newcomer can act as any demo researcher or admin. Keys are shown nowhere else: only hashes are stored.
/// </summary>
public sealed record DemoKeys
{
    public const string FileName = "demo-keys.json";

    /// <summary>Researcher id → API key.</summary>
    public required IReadOnlyDictionary<string, string> Researchers { get; init; }

    /// <summary>Institution id → API key of that institution's admin.</summary>
    public required IReadOnlyDictionary<string, string> Admins { get; init; }
}
