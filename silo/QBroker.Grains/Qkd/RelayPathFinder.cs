namespace QBroker.Grains.Qkd;

/// <summary>
/// Chooses the path of links for key between two sites. Only healthy links (last block not aborted) holding
/// enough key in the walking direction qualify; among qualifying paths the fewest hops win (every hop spends its
/// own key), then the most stored key at the weakest hop, then the best weakest-hop rate. Networks of a national
/// backbone have tens of sites, so enumerating simple paths up to a few hops is cheap and exact.
/// </summary>
public static class RelayPathFinder
{
    /// <summary>The best path able to carry <paramref name="bytesNeeded"/> bytes now; null when there is none.</summary>
    public static RelayPath? Find(IReadOnlyList<RelayEdge> edges, string from, string to, int bytesNeeded, int maxHops) =>
        Paths(edges, from, to, maxHops, edge => !edge.Aborting, bytesNeeded)
            .OrderBy(p => p.Hops.Count)
            .ThenByDescending(p => p.StoredBytes)
            .ThenByDescending(p => p.RateBitsPerSecond)
            .FirstOrDefault();

    /// <summary>The shortest path regardless of health and stored key; null when the sites are not connected.</summary>
    public static RelayPath? Shortest(IReadOnlyList<RelayEdge> edges, string from, string to, int maxHops) =>
        Paths(edges, from, to, maxHops, _ => true, 0)
            .OrderBy(p => p.Hops.Count)
            .ThenByDescending(p => p.StoredBytes)
            .FirstOrDefault();

    private static List<RelayPath> Paths(IReadOnlyList<RelayEdge> edges, string from, string to, int maxHops, Func<RelayEdge, bool> usable, int bytesNeeded)
    {
        var found = new List<RelayPath>();
        if (from == to)
        {
            return found;
        }
        var visited = new HashSet<string> { from };
        var hops = new List<RelayHop>();

        void Walk(string site)
        {
            if (hops.Count == maxHops)
            {
                return;
            }
            foreach (var edge in edges)
            {
                if ((edge.SiteA != site && edge.SiteB != site) || !usable(edge))
                {
                    continue;
                }
                var next = edge.SiteA == site ? edge.SiteB : edge.SiteA;
                var stored = edge.StoredFrom(site);
                if (visited.Contains(next) || stored < bytesNeeded)
                {
                    continue;
                }
                hops.Add(new RelayHop(edge.LinkId, site, next, stored, edge.CapacityBytes, edge.RateBitsPerSecond));
                if (next == to)
                {
                    found.Add(new RelayPath([.. hops]));
                }
                else
                {
                    visited.Add(next);
                    Walk(next);
                    visited.Remove(next);
                }
                hops.RemoveAt(hops.Count - 1);
            }
        }

        Walk(from);
        return found;
    }
}
