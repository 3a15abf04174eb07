using System.Text.Json;
using QBroker.Cli.Tests.Support;

namespace QBroker.Cli.Tests;

/// <summary>
/// <c>qbroker qkd links</c> against the real broker in-process: the demo world's links, an eavesdropper put on and
/// taken off, a link created and deleted, and the watch, with the exit codes and output scripts rely on.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class QkdLinksEndToEndTests(RealSilo silo) : IClassFixture<RealSilo>, IDisposable
{
    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    /// <summary>A shell with the key; wide enough that no cell of the ten-column links table wraps.</summary>
    private Dictionary<string, string?> Shell(string token) => new()
    {
        ["HOME"] = _home.Path,
        ["QBROKER_URL"] = silo.Url.ToString(),
        ["QBROKER_TOKEN"] = token,
        ["COLUMNS"] = "240",
    };

    private Dictionary<string, string?> Operator => Shell(RealSilo.OperatorKey);

    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var document = JsonDocument.Parse(run.Out);
        return document.RootElement.Clone();
    }

    private static JsonElement? Link(JsonElement links, string id) =>
        links.EnumerateArray().Where(l => l.GetProperty("id").GetString() == id).Select(l => (JsonElement?)l).FirstOrDefault();

    [Fact]
    public async Task Links_are_listed_as_a_table_and_as_json()
    {
        var env = Shell(silo.ResearcherKeys["kaist-yjung"]);

        var human = await CliRun.RunAsync(env, "qkd", "links");
        var json = Json(await CliRun.RunAsync(env, "qkd", "links", "--json"));

        Assert.True(human.ExitCode == ExitCodes.Success, human.Error);
        Assert.Contains("SITES (A <-> B)", human.Out, StringComparison.Ordinal);
        Assert.Contains("kaist <-> kriss", human.Out, StringComparison.Ordinal);
        Assert.Contains("daegu-tn <-> unist", human.Out, StringComparison.Ordinal);
        string[] demoLinks = ["daegu-unist", "hanyang-skku", "kaist-daegu", "kaist-kriss", "kias-skku", "kist-skku", "skku-kaist"];
        Assert.Equal(demoLinks, json.EnumerateArray().Select(l => l.GetProperty("id").GetString()).Where(demoLinks.Contains));
        var kaistKriss = Link(json, "kaist-kriss")!.Value;
        Assert.Equal(6, kaistKriss.GetProperty("lengthKm").GetDouble());
        Assert.Equal(["kaist", "kriss"], kaistKriss.GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("from").GetString()));
    }

    [Fact]
    public async Task An_admin_at_one_end_puts_an_eavesdropper_on_a_link_and_takes_it_off_and_a_researcher_may_not()
    {
        var admin = Shell(silo.AdminKeys["kist"]);

        var on = Json(await CliRun.RunAsync(admin, "qkd", "links", "eavesdrop", "kist-skku", "--fraction", "0.5", "--json"));
        var listed = Json(await CliRun.RunAsync(admin, "qkd", "links", "--json"));
        var human = await CliRun.RunAsync(admin, "qkd", "links");
        var off = Json(await CliRun.RunAsync(admin, "qkd", "links", "eavesdrop", "kist-skku", "--off", "--json"));
        var refused = await CliRun.RunAsync(Shell(silo.ResearcherKeys["kaist-yjung"]), "qkd", "links", "eavesdrop", "kist-skku", "--fraction", "1");

        Assert.Equal("intercept-resend", on.GetProperty("eavesdropper").GetProperty("kind").GetString());
        Assert.Equal(0.5, on.GetProperty("eavesdropper").GetProperty("fraction").GetDouble());
        Assert.Equal(0.5, Link(listed, "kist-skku")!.Value.GetProperty("eavesdropper").GetProperty("fraction").GetDouble());
        Assert.Contains("intercept-resend 50 %", human.Out, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, off.TryGetProperty("eavesdropper", out var none) ? none.ValueKind : JsonValueKind.Null);
        Assert.Equal(ExitCodes.Error, refused.ExitCode);
        Assert.Contains("not allowed", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);
        Assert.Contains("HTTP 403", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_creates_a_link_and_deletes_it()
    {
        var created = Json(await CliRun.RunAsync(Operator, "qkd", "links", "create", "cli-kist-hanyang", "--site-a", "kist", "--site-b", "hanyang", "--length-km", "21", "--json"));
        var listed = Json(await CliRun.RunAsync(Operator, "qkd", "links", "--json"));
        var deleted = await CliRun.RunAsync(Operator, "qkd", "links", "delete", "cli-kist-hanyang");
        var afterDelete = Json(await CliRun.RunAsync(Operator, "qkd", "links", "--json"));
        var again = await CliRun.RunAsync(Operator, "qkd", "links", "delete", "cli-kist-hanyang");

        Assert.Equal("cli-kist-hanyang", created.GetProperty("id").GetString());
        Assert.Equal(21, created.GetProperty("lengthKm").GetDouble());
        Assert.NotNull(Link(listed, "cli-kist-hanyang"));
        Assert.True(deleted.ExitCode == ExitCodes.Success, deleted.Error);
        Assert.Equal("Deleted QKD link cli-kist-hanyang.", deleted.Out.Trim());
        Assert.Null(Link(afterDelete, "cli-kist-hanyang"));
        Assert.Equal(ExitCodes.NotFound, again.ExitCode);
    }

    [Fact]
    public async Task Only_operators_create_links()
    {
        var refused = await CliRun.RunAsync(Shell(silo.AdminKeys["kist"]), "qkd", "links", "create", "cli-refused", "--site-a", "kist", "--site-b", "hanyang", "--length-km", "21");

        Assert.Equal(ExitCodes.Error, refused.ExitCode);
        Assert.Contains("only operators create links", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_watch_prints_one_json_array_per_refresh_until_interrupted()
    {
        using var stdout = new StringWriter();
        var synchronizedOut = TextWriter.Synchronized(stdout);
        using var stderr = new StringWriter();
        using var interrupt = new CancellationTokenSource();
        var run = CliApp.RunAsync(["qkd", "links", "--watch", "0.05", "--json"], synchronizedOut, stderr, Shell(silo.ResearcherKeys["kaist-yjung"]), interrupt.Token);

        // Ctrl+C once two refreshes are out (or after a minute, which fails below).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Lines(synchronizedOut, stdout).Length < 2 && DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            await Task.Delay(50);
        }
        await interrupt.CancelAsync();
        var exitCode = await run;

        Assert.Equal(ExitCodes.Interrupted, exitCode);
        var refreshes = Lines(synchronizedOut, stdout);
        Assert.True(refreshes.Length >= 2, stderr.ToString());
        foreach (var refresh in refreshes)
        {
            using var links = JsonDocument.Parse(refresh);
            Assert.NotNull(Link(links.RootElement, "kaist-kriss"));
        }
    }

    /// <summary>The lines written so far; the synchronized writer locks itself while it writes, so this read waits for a write to end.</summary>
    private static string[] Lines(TextWriter synchronizedOut, StringWriter stdout)
    {
        lock (synchronizedOut)
        {
            return stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
