using System.Text.Json;
using Microsoft.Extensions.Options;
using QBroker.Silo.Accounts;
using QBroker.Storage;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Hosting;

/// <summary>
/// Runs before the silo starts: creates or upgrades the schema, seeds the demo world into an empty store, makes
/// sure an operator key exists, and loads the account directory.
/// </summary>
public sealed partial class StoreInitializer(
    SqlDatabase database,
    IAccountStore accounts,
    AccountDirectory directory,
    IOptions<QBrokerHostOptions> options,
    TimeProvider time,
    ILogger<StoreInitializer> logger) : IHostedService
{
    private static readonly JsonSerializerOptions KeyFileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await database.MigrateAsync(cancellationToken);
        // Several silos may start at once on one empty store: under this lock exactly one finds it empty and seeds
        // it, and only one inserts an injected operator key; the others wait, then find the work done.
        await using (await database.AcquireLockAsync(SeedLockName, cancellationToken))
        {
            if (settings.SeedDemoWorld && !await accounts.HasInstitutionsAsync())
            {
                await SeedAsync(settings);
            }
            await EnsureOperatorKeyAsync(settings);
        }
        await directory.ReloadAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private const string SeedLockName = "seed";

    private async Task SeedAsync(QBrokerHostOptions settings)
    {
        foreach (var institution in DemoWorld.Institutions)
        {
            await accounts.UpsertInstitutionAsync(settings.InstitutionShares.TryGetValue(institution.Id, out var shares)
                ? institution with { Shares = shares > 0 ? shares : throw new InvalidOperationException($"QBroker:InstitutionShares:{institution.Id} must be positive (got {shares}).") }
                : institution);
        }
        foreach (var project in DemoWorld.Projects)
        {
            await accounts.UpsertProjectAsync(project);
        }
        foreach (var researcher in DemoWorld.Researchers)
        {
            await accounts.UpsertResearcherAsync(researcher);
        }
        foreach (var (nodeId, kind, amount) in DemoWorld.Budgets)
        {
            await accounts.SetBudgetAsync(nodeId, kind, amount);
        }
        var researcherKeys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var researcher in DemoWorld.Researchers)
        {
            researcherKeys[researcher.Id] = await IssueKeyAsync(Role.Researcher, researcher.Id, researcher.InstitutionId, "demo researcher key");
        }
        var adminKeys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var institution in DemoWorld.Institutions)
        {
            adminKeys[institution.Id] = await IssueKeyAsync(Role.Admin, $"{institution.Id}-admin", institution.Id, "demo admin key");
        }
        var keys = new DemoKeys { Researchers = researcherKeys, Admins = adminKeys };
        await WriteSecretFileAsync(settings.DemoKeysFile, JsonSerializer.Serialize(keys, KeyFileJson));
        LogSeeded(DemoWorld.Institutions.Count, DemoWorld.Researchers.Count, settings.DemoKeysFile);
    }

    private async Task EnsureOperatorKeyAsync(QBrokerHostOptions settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.AdminKey))
        {
            var (id, hash) = ApiKeyToken.FromInjectedKey(settings.AdminKey.Trim());
            if (await accounts.FindApiKeyAsync(id) is null)
            {
                await accounts.InsertApiKeyAsync(new ApiKeyRecord(id, hash, Role.Operator, "operator", null, "injected operator key", time.GetUtcNow(), null));
            }
            return;
        }
        if (!File.Exists(settings.AdminKeyFile))
        {
            var token = await IssueKeyAsync(Role.Operator, "operator", null, "generated operator key");
            await WriteSecretFileAsync(settings.AdminKeyFile, token + "\n");
        }
    }

    private async Task<string> IssueKeyAsync(Role role, string subject, string? institution, string label)
    {
        var (id, token, hash) = ApiKeyToken.Generate();
        await accounts.InsertApiKeyAsync(new ApiKeyRecord(id, hash, role, subject, institution, label, time.GetUtcNow(), null));
        return token;
    }

    /// <summary>Writes a file only its owner can read: it holds API keys.</summary>
    private static async Task WriteSecretFileAsync(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        var streamOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using (var stream = new FileStream(temporary, streamOptions))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(content);
        }
        File.Move(temporary, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo world: {Institutions} institutions, {Researchers} researchers; their keys are in {KeysFile}")]
    private partial void LogSeeded(int institutions, int researchers, string keysFile);
}
