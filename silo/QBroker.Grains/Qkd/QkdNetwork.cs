using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Qkd;

/// <summary>The links the broker runs: which link grains exist and which sites they join.</summary>
public sealed class QkdNetwork
{
    private readonly Lock _gate = new();
    private Dictionary<string, LinkDefinition> _links;
    private HashSet<string> _sites;

    /// <param name="links">The links.</param>
    /// <param name="trustedNodes">Sites that only relay key (no application there, so no SAE).</param>
    public QkdNetwork(IEnumerable<LinkDefinition> links, IEnumerable<string>? trustedNodes = null)
    {
        TrustedNodes = (trustedNodes ?? []).ToHashSet();
        _links = [];
        foreach (var link in links)
        {
            if (link.SiteA == link.SiteB || !_links.TryAdd(link.Id, link))
            {
                throw new ArgumentException($"Link '{link.Id}' is defined twice or joins a site to itself.", nameof(links));
            }
        }
        _sites = SitesOf(_links);
    }

    /// <summary>A snapshot: links added or removed later do not change it.</summary>
    public IReadOnlyCollection<LinkDefinition> Links => _links.Values;

    public IReadOnlySet<string> TrustedNodes { get; }

    /// <summary>Sites whose applications (SAEs) may ask for key: every site but the trusted relay nodes.</summary>
    public bool IsSaeSite(string site) => Sites.Contains(site) && !TrustedNodes.Contains(site);

    /// <summary>Every site a link ends at; kept with the links, since each ETSI request asks.</summary>
    public IReadOnlySet<string> Sites => _sites;

    public bool TryGet(string linkId, out LinkDefinition definition) => _links.TryGetValue(linkId, out definition!);

    public LinkDefinition Get(string linkId) =>
        _links.TryGetValue(linkId, out var definition) ? definition : throw new KeyNotFoundException($"There is no QKD link '{linkId}'.");

    /// <summary>
    /// Adds a link (created at run time); false when its id is taken. Readers never lock: the map is replaced
    /// whole, so one that enumerates the links keeps a consistent snapshot.
    /// </summary>
    public bool TryAdd(LinkDefinition link)
    {
        if (link.SiteA == link.SiteB)
        {
            throw new ArgumentException($"Link '{link.Id}' joins a site to itself.", nameof(link));
        }
        lock (_gate)
        {
            if (_links.ContainsKey(link.Id))
            {
                return false;
            }
            var links = new Dictionary<string, LinkDefinition>(_links) { [link.Id] = link };
            _sites = SitesOf(links);
            _links = links;
            return true;
        }
    }

    /// <summary>
    /// Removes a link (deleted at run time); false when there is none with that id. Relay paths, key delivery and
    /// telemetry enumerate <see cref="Links"/>, so from the next call on none of them uses it.
    /// </summary>
    public bool TryRemove(string linkId)
    {
        lock (_gate)
        {
            if (!_links.ContainsKey(linkId))
            {
                return false;
            }
            var links = new Dictionary<string, LinkDefinition>(_links);
            links.Remove(linkId);
            _sites = SitesOf(links);
            _links = links;
            return true;
        }
    }

    private static HashSet<string> SitesOf(Dictionary<string, LinkDefinition> links) =>
        links.Values.SelectMany(l => new[] { l.SiteA, l.SiteB }).ToHashSet();
}
