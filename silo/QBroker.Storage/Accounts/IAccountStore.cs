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
}
