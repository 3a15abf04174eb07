namespace QBroker.Storage.Accounts;

/// <summary>Institutions, projects, researchers and API keys.</summary>
public interface IAccountStore
{
    Task<bool> HasInstitutionsAsync();

    Task UpsertInstitutionAsync(Institution institution);

    Task UpsertProjectAsync(Project project);

    /// <summary>Writes the researcher and replaces their project memberships.</summary>
    Task UpsertResearcherAsync(Researcher researcher);

    Task InsertApiKeyAsync(ApiKeyRecord key);

    Task<ApiKeyRecord?> FindApiKeyAsync(string id);

    Task<bool> RevokeApiKeyAsync(string id, DateTimeOffset at);

    Task<AccountSnapshot> LoadAsync();

    /// <summary>Sets (or with null removes) the budget of an institution or project for the budget period.</summary>
    Task SetBudgetAsync(string nodeId, string nodeKind, decimal? amount);

    /// <summary>Node id → budget, for every node that has one.</summary>
    Task<IReadOnlyDictionary<string, decimal>> LoadBudgetsAsync();
}
