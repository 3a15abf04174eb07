using QBroker.Grains.Qkd;

namespace QBroker.Grains.Tests.Qkd;

public sealed class QkdNetworkTests
{
    [Fact]
    public void A_link_added_at_run_time_brings_its_sites_and_keeps_earlier_snapshots_unchanged()
    {
        var network = new QkdNetwork([QkdCluster.XY], trustedNodes: ["y"]);
        var before = network.Links;

        Assert.True(network.TryAdd(QkdCluster.YZ));

        Assert.Single(before);
        Assert.Equal(["x-y", "y-z"], network.Links.Select(l => l.Id).Order());
        Assert.Equal(["x", "y", "z"], network.Sites.Order());
        Assert.True(network.IsSaeSite("z"));
        Assert.False(network.IsSaeSite("y"));
        Assert.True(network.TryGet("y-z", out var added));
        Assert.Equal(QkdCluster.YZ, added);
    }

    [Fact]
    public void A_taken_id_is_refused_and_a_link_to_itself_is_invalid()
    {
        var network = new QkdNetwork([QkdCluster.XY]);

        Assert.False(network.TryAdd(QkdCluster.XY with { LengthKm = 99 }));
        Assert.Equal(10, network.Get("x-y").LengthKm);
        Assert.Throws<ArgumentException>(() => network.TryAdd(QkdCluster.UV with { SiteB = "u" }));
        Assert.False(network.IsSaeSite("u"));
    }
}
