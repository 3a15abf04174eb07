using QBroker.Storage.Accounts;

namespace QBroker.Silo.Accounts;

/// <summary>
/// The account tree held in memory for request validation (which projects a researcher may charge). Loaded at
/// start and reloaded when an admin changes it; accounts change rarely and are read on every submission.
/// </summary>
public sealed class AccountDirectory(IAccountStore store)
{
    private volatile Index _index = Index.Empty;

    public async Task ReloadAsync() => _index = new Index(await store.LoadAsync());

    public AccountSnapshot Snapshot => _index.Snapshot;

    public Researcher? FindResearcher(string id) => _index.Researchers.GetValueOrDefault(id);

    public Project? FindProject(string id) => _index.Projects.GetValueOrDefault(id);

    public Institution? FindInstitution(string id) => _index.Institutions.GetValueOrDefault(id);

    private sealed class Index(AccountSnapshot snapshot)
    {
        public static readonly Index Empty = new(new AccountSnapshot([], [], []));

        public AccountSnapshot Snapshot { get; } = snapshot;

        public Dictionary<string, Researcher> Researchers { get; } = snapshot.Researchers.ToDictionary(r => r.Id, StringComparer.Ordinal);

        public Dictionary<string, Project> Projects { get; } = snapshot.Projects.ToDictionary(p => p.Id, StringComparer.Ordinal);

        public Dictionary<string, Institution> Institutions { get; } = snapshot.Institutions.ToDictionary(i => i.Id, StringComparer.Ordinal);
    }
}
