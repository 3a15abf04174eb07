using QBroker.Storage.Tests.Infrastructure;
using QBroker.Storage.Accounts;

namespace QBroker.Storage.Tests;

public sealed class SqlAccountStoreTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Account_tree_round_trips_and_memberships_are_replaced_on_update(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new SqlAccountStore(db.Database, TimeProvider.System);
        Assert.False(await store.HasInstitutionsAsync());

        await store.UpsertInstitutionAsync(new Institution("skku", "SKKU", "KR", 20));
        await store.UpsertProjectAsync(new Project("p1", "skku", "One", 60));
        await store.UpsertProjectAsync(new Project("p2", "skku", "Two", 40));
        await store.UpsertResearcherAsync(new Researcher("r1", "skku", "R One", "r1@x", 1, ["p1", "p2"]));
        await store.UpsertResearcherAsync(new Researcher("r1", "skku", "R One", "r1@x", 1, ["p2"]));

        Assert.True(await store.HasInstitutionsAsync());
        var snapshot = await store.LoadAsync();
        Assert.Equal("SKKU", Assert.Single(snapshot.Institutions).Name);
        Assert.Equal(2, snapshot.Projects.Count);
        Assert.Equal(["p2"], Assert.Single(snapshot.Researchers).ProjectIds);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_keys_are_stored_hashed_and_can_be_revoked(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new SqlAccountStore(db.Database, TimeProvider.System);
        var (id, token, hash) = ApiKeyToken.Generate();
        await store.InsertApiKeyAsync(new ApiKeyRecord(id, hash, Role.Researcher, "r1", "skku", "test", DateTimeOffset.UtcNow, null));

        var found = await store.FindApiKeyAsync(id);
        Assert.NotNull(found);
        Assert.DoesNotContain(token, found.SecretSha256, StringComparison.Ordinal);
        if (!db.IsPostgres)
        {
            // Nowhere in the file either, not only not in the column read back.
            Assert.DoesNotContain(token, File.ReadAllText(Path.Combine(db.Folder, "qbroker.db")), StringComparison.Ordinal);
        }
        var (presentedId, secret) = ApiKeyToken.Identify(token);
        Assert.Equal(id, presentedId);
        Assert.True(ApiKeyToken.Matches(secret, found.SecretSha256));
        Assert.False(ApiKeyToken.Matches(secret + "x", found.SecretSha256));

        Assert.True(await store.RevokeApiKeyAsync(id, DateTimeOffset.UtcNow));
        Assert.NotNull((await store.FindApiKeyAsync(id))!.RevokedAt);
        Assert.False(await store.RevokeApiKeyAsync(id, DateTimeOffset.UtcNow));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upserts_update_existing_rows_and_a_budget_set_to_none_is_removed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new SqlAccountStore(db.Database, TimeProvider.System);
        await store.UpsertInstitutionAsync(new Institution("skku", "SKKU", "KR", 20));
        await store.UpsertInstitutionAsync(new Institution("skku", "Sungkyunkwan University", "KR", 25));
        await store.UpsertProjectAsync(new Project("p1", "skku", "One", 60));
        await store.UpsertProjectAsync(new Project("p1", "skku", "One renamed", 70));

        await store.SetBudgetAsync("skku", "institution", 100m);
        await store.SetBudgetAsync("p1", "project", 12.5m);
        await store.SetBudgetAsync("skku", "institution", 250.000001m);
        await store.SetBudgetAsync("p1", "project", null);

        var snapshot = await store.LoadAsync();
        var institution = Assert.Single(snapshot.Institutions);
        Assert.Equal(("Sungkyunkwan University", 25), (institution.Name, institution.Shares));
        var project = Assert.Single(snapshot.Projects);
        Assert.Equal(("One renamed", 70), (project.Name, project.Shares));
        var budget = Assert.Single(await store.LoadBudgetsAsync());
        Assert.Equal(("skku", 250.000001m), (budget.Key, budget.Value));
    }

    [Fact]
    public void Injected_keys_of_any_shape_are_identified_by_their_hash()
    {
        var (id, hash) = ApiKeyToken.FromInjectedKey("my-k8s-secret-value");
        var (presentedId, secret) = ApiKeyToken.Identify("my-k8s-secret-value");
        Assert.Equal(id, presentedId);
        Assert.True(ApiKeyToken.Matches(secret, hash));
        Assert.NotEqual(id, ApiKeyToken.Identify("another-value").Id);
    }
}
