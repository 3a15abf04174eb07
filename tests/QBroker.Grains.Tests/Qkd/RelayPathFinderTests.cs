using QBroker.Grains.Qkd;

namespace QBroker.Grains.Tests.Qkd;

public sealed class RelayPathFinderTests
{
    // a - b - c - d in a line, plus a long way round a - e - f - d.
    private static List<RelayEdge> Line(int stored = 1000, bool bcAborting = false, int bcStored = 1000) =>
    [
        new("a-b", "a", "b", stored, stored, 4096, 5000, false),
        new("b-c", "b", "c", bcStored, bcStored, 4096, 800, bcAborting),
        new("c-d", "c", "d", stored, stored, 4096, 3000, false),
        new("a-e", "a", "e", stored, stored, 4096, 9000, false),
        new("e-f", "e", "f", stored, stored, 4096, 9000, false),
        new("f-d", "d", "f", stored, stored, 4096, 9000, false),
    ];

    [Fact]
    public void Neighbours_use_their_direct_link()
    {
        var path = RelayPathFinder.Find(Line(), "a", "b", 32, 4);

        Assert.NotNull(path);
        Assert.Equal(["a-b"], path.LinkIds);
    }

    [Fact]
    public void Distant_sites_relay_hop_by_hop_with_the_rate_of_the_weakest_hop()
    {
        var path = RelayPathFinder.Find(Line(), "a", "c", 32, 4);

        Assert.NotNull(path);
        Assert.Equal(["a-b", "b-c"], path.LinkIds);
        Assert.Equal([("a", "b"), ("b", "c")], path.Hops.Select(h => (h.FromSite, h.ToSite)));
        Assert.Equal(800, path.RateBitsPerSecond);
    }

    [Fact]
    public void An_aborting_link_is_avoided()
    {
        var path = RelayPathFinder.Find(Line(bcAborting: true), "b", "d", 32, 5);

        Assert.NotNull(path);
        Assert.DoesNotContain("b-c", path.LinkIds);
        Assert.Equal(["a-b", "a-e", "e-f", "f-d"], path.LinkIds);
    }

    [Fact]
    public void An_exhausted_link_is_avoided_and_the_stored_key_is_the_smallest_on_the_path()
    {
        var path = RelayPathFinder.Find(Line(bcStored: 10), "a", "d", 32, 4);

        Assert.NotNull(path);
        Assert.Equal(["a-e", "e-f", "f-d"], path.LinkIds);
        Assert.Equal(1000, path.StoredBytes);
    }

    [Fact]
    public void The_hop_limit_and_missing_key_can_leave_no_path()
    {
        Assert.Null(RelayPathFinder.Find(Line(), "a", "d", 32, 2));
        Assert.Null(RelayPathFinder.Find(Line(), "a", "b", 1001, 4));
        Assert.Null(RelayPathFinder.Find(Line(), "a", "unknown", 1, 4));
        Assert.NotNull(RelayPathFinder.Shortest(Line(stored: 0), "a", "d", 4));
    }
}
