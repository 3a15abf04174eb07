namespace QBroker.Grains.Scheduling;

/// <summary>
/// Hierarchical fair share by Slurm's Classic algorithm (https://slurm.schedmd.com/classic_fair_share.html):
/// normalised shares multiply down the tree, usage decays with a half-life, effective usage mixes in the parent's
/// and the factor is F = 2^(-U_E/S/d). Pure and single-threaded: the scheduler grain owns one instance and passes
/// every time in; the tree never reads a clock.
/// </summary>
/// <remarks>
/// Usage is kept per node as a value and the time it was last brought up to date, and decays lazily. Because every
/// node decays by the same multiplier over the same interval, normalised usage (a node's usage over the root's) does
/// not change while no usage is added; so neither do effective usage and the factor. That is why
/// <see cref="Factor"/> takes no time and why its results are cached until the next <see cref="AddUsage"/>.
/// </remarks>
public sealed class FairShareTree
{
    /// <summary>
    /// A sum smaller than this fraction of its larger operand is rounding noise left by undoing a charge (the two
    /// sides were decayed along different paths), and is taken as exactly zero. Rounding of one double operation is
    /// about 1.1e-16 relative; this leaves room for thousands of accumulated operations.
    /// </summary>
    private const double CancellationTolerance = 1e-12;

    private const int RootIndex = 0;

    private readonly FairShareOptions _options;
    private readonly Dictionary<string, int> _indexById;

    // Structure, in pre-order (every parent before its children); fixed after construction.
    private readonly string[] _ids;
    private readonly int[] _parent;
    private readonly int[] _depth;
    private readonly bool[] _isLeaf;
    private readonly double[] _rawShares;
    private readonly double[] _siblingShareFraction;
    private readonly double[] _normalizedShare;

    // Usage of each node's subtree, decayed to _usageAsOf. The root's time is the latest of all, since every
    // charge passes through it.
    private readonly double[] _usage;
    private readonly DateTimeOffset[] _usageAsOf;

    // Derived values, valid while _computedVersion[i] equals _usageVersion (a long: an int would wrap after a few
    // weeks of charges at full load and could then pass never-computed entries off as current).
    private readonly double[] _normalizedUsage;
    private readonly double[] _effectiveUsage;
    private readonly double[] _factor;
    private readonly long[] _computedVersion;
    private long _usageVersion = 1;

    /// <summary>
    /// Builds the tree. Throws <see cref="ArgumentException"/> unless there is exactly one root, every parent is
    /// defined, every node is reachable from the root (no cycles), ids are unique and shares are finite and not
    /// negative.
    /// </summary>
    public FairShareTree(IEnumerable<FairShareNode> nodes, FairShareOptions options)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;

        var definitions = nodes.ToList();
        var preorder = PreOrder(definitions);
        var count = preorder.Count;
        _ids = new string[count];
        _parent = new int[count];
        _depth = new int[count];
        _isLeaf = new bool[count];
        _rawShares = new double[count];
        _siblingShareFraction = new double[count];
        _normalizedShare = new double[count];
        _usage = new double[count];
        _usageAsOf = new DateTimeOffset[count];
        _normalizedUsage = new double[count];
        _effectiveUsage = new double[count];
        _factor = new double[count];
        _computedVersion = new long[count];
        _indexById = new Dictionary<string, int>(count, StringComparer.Ordinal);

        for (var i = 0; i < count; i++)
        {
            var node = preorder[i];
            _ids[i] = node.Id;
            _rawShares[i] = node.Shares;
            _isLeaf[i] = true;
            _usageAsOf[i] = DateTimeOffset.MinValue;
            _indexById.Add(node.Id, i);
            _parent[i] = node.ParentId is null ? -1 : _indexById[node.ParentId];
        }

        var childShareSum = new double[count];
        for (var i = 1; i < count; i++)
        {
            _isLeaf[_parent[i]] = false;
            childShareSum[_parent[i]] += _rawShares[i];
        }

        _siblingShareFraction[RootIndex] = 1;
        _normalizedShare[RootIndex] = 1;
        for (var i = 1; i < count; i++)
        {
            var parent = _parent[i];
            _depth[i] = _depth[parent] + 1;
            // Siblings that all have zero shares are entitled to nothing; their fraction is 0, not 0/0.
            _siblingShareFraction[i] = childShareSum[parent] > 0 ? _rawShares[i] / childShareSum[parent] : 0;
            _normalizedShare[i] = _normalizedShare[parent] * _siblingShareFraction[i];
        }
    }

    public bool Contains(string nodeId) => _indexById.ContainsKey(nodeId);

    /// <summary>
    /// Charges <paramref name="credits"/> to a leaf (and so to all its ancestors) as of <paramref name="at"/>.
    /// Negative credits take back an earlier charge: to undo or correct a provisional charge exactly, pass the
    /// difference with the time of the original charge. A time earlier than the node's latest charge is decayed
    /// forward to it, so charges may arrive out of order. O(depth); invalidates the cached factors.
    /// </summary>
    public void AddUsage(string leafId, double credits, DateTimeOffset at)
    {
        var leaf = IndexOf(leafId);
        if (!_isLeaf[leaf])
        {
            throw new ArgumentException(
                $"Usage is charged to leaves only; '{leafId}' has children, whose usage makes up its own.", nameof(leafId));
        }

        if (!double.IsFinite(credits))
        {
            throw new ArgumentOutOfRangeException(nameof(credits), credits, "Credits must be a finite number.");
        }

        for (var node = leaf; node >= 0; node = _parent[node])
        {
            Accumulate(node, credits, at);
        }

        _usageVersion++;
    }

    /// <summary>
    /// The fair-share factor of any node, F = 2^(-U_E/S/d) in [0,1]: 1 with no usage anywhere in the tree (nobody
    /// has used anything, so nobody is behind), 0 for a node whose normalised share is 0 (it is entitled to nothing),
    /// and 0.5 for a first-tier node whose usage equals its share. Time does not enter (see the remarks on the
    /// class). O(depth) after a change, O(1) while nothing changes.
    /// </summary>
    public double Factor(string nodeId)
    {
        var node = IndexOf(nodeId);
        EnsureComputed(node);
        return _factor[node];
    }

    /// <summary>Every node's shares, usage decayed to <paramref name="now"/>, effective usage and factor.</summary>
    /// <remarks>
    /// A <paramref name="now"/> before the latest charge extrapolates the decay backwards rather than dropping the
    /// later charges, so that a parent's usage is still the sum of its children's.
    /// </remarks>
    public FairShareReport Report(DateTimeOffset now)
    {
        var rows = new FairShareNodeReport[_ids.Length];
        for (var i = 0; i < _ids.Length; i++)
        {
            EnsureComputed(i);
            rows[i] = new FairShareNodeReport(
                _ids[i],
                _parent[i] < 0 ? null : _ids[_parent[i]],
                _rawShares[i],
                _normalizedShare[i],
                Math.Max(0, _usage[i] * DecayMultiplier(now - _usageAsOf[i])),
                _normalizedUsage[i],
                _effectiveUsage[i],
                _factor[i]);
        }

        return new FairShareReport(now, rows);
    }

    private int IndexOf(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        return _indexById.TryGetValue(nodeId, out var index)
            ? index
            : throw new KeyNotFoundException($"The fair-share tree has no node '{nodeId}'.");
    }

    private void Accumulate(int node, double credits, DateTimeOffset at)
    {
        double previous;
        double added;
        if (at >= _usageAsOf[node])
        {
            previous = _usage[node] * DecayMultiplier(at - _usageAsOf[node]);
            added = credits;
            _usageAsOf[node] = at;
        }
        else
        {
            previous = _usage[node];
            added = credits * DecayMultiplier(_usageAsOf[node] - at);
        }

        var sum = previous + added;
        _usage[node] = Math.Abs(sum) <= CancellationTolerance * Math.Max(Math.Abs(previous), Math.Abs(added)) ? 0 : sum;
    }

    /// <summary>2^(-elapsed/halfLife): U(t) = U(t0)·2^(-(t - t0)/T½); 1 when decay is off.</summary>
    private double DecayMultiplier(TimeSpan elapsed) =>
        _options.HalfLife == TimeSpan.Zero ? 1 : Math.Pow(2, -(double)elapsed.Ticks / _options.HalfLife.Ticks);

    private void EnsureComputed(int node)
    {
        if (_computedVersion[node] == _usageVersion)
        {
            return;
        }

        var parent = _parent[node];
        if (parent >= 0)
        {
            EnsureComputed(parent);
        }

        var normalizedUsage = NormalizedUsage(node);
        // Slurm Classic: the root and first-tier accounts use their own normalised usage; below them
        // U_E = U + (U_E,parent - U)·S_raw/S_raw,siblings, so a node shares in its parent's overuse in
        // proportion to its weight among its siblings.
        var effectiveUsage = _depth[node] <= 1
            ? normalizedUsage
            : normalizedUsage + ((_effectiveUsage[parent] - normalizedUsage) * _siblingShareFraction[node]);

        _normalizedUsage[node] = normalizedUsage;
        _effectiveUsage[node] = effectiveUsage;
        _factor[node] = _normalizedShare[node] > 0
            ? Math.Pow(2, -effectiveUsage / _normalizedShare[node] / _options.DampeningFactor)
            : 0;
        _computedVersion[node] = _usageVersion;
    }

    /// <summary>
    /// The node's usage over the root's, both decayed to the same moment. The root is never older than any node,
    /// so the node's value is decayed forward to the root's time, which cannot overflow. Negative values left by
    /// over-refunds count as no usage, which keeps every factor within [0,1].
    /// </summary>
    private double NormalizedUsage(int node)
    {
        var rootUsage = _usage[RootIndex];
        if (rootUsage <= 0 || _usage[node] <= 0)
        {
            return 0;
        }

        return _usage[node] * DecayMultiplier(_usageAsOf[RootIndex] - _usageAsOf[node]) / rootUsage;
    }

    private static List<FairShareNode> PreOrder(List<FairShareNode> definitions)
    {
        var byId = new Dictionary<string, FairShareNode>(StringComparer.Ordinal);
        var children = new Dictionary<string, List<FairShareNode>>(StringComparer.Ordinal);
        FairShareNode? root = null;
        foreach (var node in definitions)
        {
            ArgumentNullException.ThrowIfNull(node);
            ArgumentNullException.ThrowIfNull(node.Id);
            if (!double.IsFinite(node.Shares) || node.Shares < 0)
            {
                throw new ArgumentException($"Node '{node.Id}' has shares {node.Shares}; shares must be finite and >= 0.", nameof(definitions));
            }

            if (!byId.TryAdd(node.Id, node))
            {
                throw new ArgumentException($"Node '{node.Id}' is defined twice.", nameof(definitions));
            }

            if (node.ParentId is null)
            {
                if (root is not null)
                {
                    throw new ArgumentException($"The tree has two roots, '{root.Id}' and '{node.Id}'.", nameof(definitions));
                }

                root = node;
            }
        }

        if (root is null)
        {
            throw new ArgumentException("The tree has no root (a node without a parent).", nameof(definitions));
        }

        foreach (var node in definitions.Where(node => node.ParentId is not null))
        {
            if (!byId.ContainsKey(node.ParentId!))
            {
                throw new ArgumentException($"Node '{node.Id}' names parent '{node.ParentId}', which is not defined.", nameof(definitions));
            }

            if (!children.TryGetValue(node.ParentId!, out var siblings))
            {
                siblings = [];
                children.Add(node.ParentId!, siblings);
            }

            siblings.Add(node);
        }

        var ordered = new List<FairShareNode>(definitions.Count);
        var pending = new Stack<FairShareNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            ordered.Add(node);
            if (children.TryGetValue(node.Id, out var nodeChildren))
            {
                for (var i = nodeChildren.Count - 1; i >= 0; i--)
                {
                    pending.Push(nodeChildren[i]);
                }
            }
        }

        // With one root and every parent defined, a node the walk from the root never reaches sits on a cycle
        // (or below one).
        if (ordered.Count != definitions.Count)
        {
            var reached = ordered.Select(node => node.Id).ToHashSet(StringComparer.Ordinal);
            var unreachable = definitions.Select(node => node.Id).Where(id => !reached.Contains(id));
            throw new ArgumentException(
                $"Nodes {string.Join(", ", unreachable.Select(id => $"'{id}'"))} form a cycle: they do not descend from the root.",
                nameof(definitions));
        }

        return ordered;
    }
}
