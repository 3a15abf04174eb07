using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using QBroker.Cli.Output;
using QBroker.Cli.Tests.Support;
using QBroker.Client.Api;

namespace QBroker.Cli.Tests;

public sealed class UsageTests
{
    private static UsageNode Node(string id, string kind, string? parent, decimal? budget = null) => new()
    {
        Id = id,
        Kind = kind,
        Parent = parent,
        Shares = 10,
        NormalizedShare = 0.25,
        DecayedUsage = 12.5,
        NormalizedUsage = 0.1,
        EffectiveUsage = 0.1,
        FairShareFactor = 0.758,
        Budget = budget,
    };

    // Server order mixes levels; the view must still put each child under its parent.
    private static readonly UsageView Usage = new()
    {
        AsOf = SampleViews.CreatedAt,
        HalfLifeDays = 7,
        PeriodStart = SampleViews.CreatedAt.AddDays(-30),
        PeriodEnd = SampleViews.CreatedAt.AddDays(335),
        Nodes =
        [
            Node("skku", "institution", "program", 1000m),
            Node("kias", "institution", "program"),
            Node("skku-qec", "project", "skku", 400m),
            Node("skku-qec/skku-jkim", "researcher", "skku-qec"),
            Node("kias-manybody", "project", "kias"),
            Node("skku-qml", "project", "skku"),
        ],
    };

    [Fact]
    public void Depth_first_order_puts_children_under_their_parent_and_keeps_sibling_order()
    {
        var ordered = UsageTable.DepthFirst(Usage.Nodes).Select(e => $"{e.Depth}:{e.Node.Id}");

        Assert.Equal(["0:skku", "1:skku-qec", "2:skku-qec/skku-jkim", "1:skku-qml", "0:kias", "1:kias-manybody"], ordered);
    }

    [Fact]
    public async Task Usage_prints_the_indented_tree_and_json_has_the_api_shape()
    {
        await using var server = await FakeApiServer.StartAsync(app => app.MapGet("/api/v1/usage", () => Results.Json(Usage)));
        var env = new Dictionary<string, string?> { ["QBROKER_URL"] = server.Url.ToString(), ["QBROKER_TOKEN"] = "k" };

        var human = await CliRun.RunAsync(env, "usage");
        var json = await CliRun.RunAsync(env, "usage", "--json");

        Assert.Equal(ExitCodes.Success, human.ExitCode);
        Assert.Matches(@"\n\s+skku-qec/skku-jkim\s+researcher\s+0\.250\s+12\.5\s+0\.758", human.Out);
        Assert.Contains("1000", human.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, json.ExitCode);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(7, document.RootElement.GetProperty("halfLifeDays").GetDouble());
        Assert.Equal(0.758, document.RootElement.GetProperty("nodes")[0].GetProperty("fairShareFactor").GetDouble());
        Assert.False(document.RootElement.GetProperty("nodes")[1].TryGetProperty("budget", out _));
    }
}
