using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QBroker.Silo.Tests;

/// <summary>
/// Without QBROKER_ADMIN_KEY the first start generates the operator key and writes it where the banner says, readable
/// by its owner only; a restart keeps the same key.
/// </summary>
public sealed class OperatorKeyTests
{
    private static readonly Dictionary<string, string?> NoInjectedKey = new() { ["QBroker:AdminKey"] = "" };

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_first_start_writes_an_owner_only_operator_key_that_a_restart_keeps()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "qbroker-opkey-" + Guid.NewGuid().ToString("N"));
        try
        {
            var key = await FirstStartAsync(dataDir);
            await using var restarted = await TestSilo.StartAsync(dataDir: dataDir, settings: NoInjectedKey);
            Assert.Equal(key, (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin.key"))).Trim());
            await AssertOperatorAsync(restarted, key);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Starts a silo on an empty folder, checks the key files it writes, and returns the operator key.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task<string> FirstStartAsync(string dataDir)
    {
        await using var silo = await TestSilo.StartAsync(dataDir: dataDir, settings: NoInjectedKey);
        var keyFile = Path.Combine(dataDir, "admin.key");
        var key = (await File.ReadAllTextAsync(keyFile)).Trim();
        Assert.StartsWith("qbk_", key, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataDir, "demo-keys.json")));
        await AssertOperatorAsync(silo, key);
        // The tests' usual injected key was not given here, so it is no key at all.
        using var notInjected = silo.Operator();
        Assert.Equal(HttpStatusCode.Unauthorized, (await notInjected.GetAsync("/api/v1/whoami")).StatusCode);
        return key;
    }

    private static async Task AssertOperatorAsync(TestSilo silo, string key)
    {
        using var client = silo.Client(key);
        var whoami = await client.GetFromJsonAsync<JsonElement>("/api/v1/whoami");
        Assert.Equal("operator", whoami.GetProperty("role").GetString());
    }
}
