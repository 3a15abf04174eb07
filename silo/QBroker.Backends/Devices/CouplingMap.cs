namespace QBroker.Backends;

/// <summary>
/// Undirected connectivity of a gate device: which physical qubit pairs a two-qubit gate may act on. Distances are
/// computed once (breadth-first search from every qubit) because routing asks for them per gate.
/// </summary>
public sealed class CouplingMap
{
    private readonly HashSet<(int, int)> _edgeSet;
    private readonly int[][] _neighbours;
    private readonly Lazy<int[,]> _distances;

    private CouplingMap(int qubitCount, IReadOnlyList<(int A, int B)> edges, bool allToAll)
    {
        QubitCount = qubitCount;
        IsAllToAll = allToAll;
        Edges = edges;
        _edgeSet = [];
        var neighbours = Enumerable.Range(0, qubitCount).Select(_ => new List<int>()).ToArray();
        foreach (var (a, b) in edges)
        {
            if (a == b || a < 0 || b < 0 || a >= qubitCount || b >= qubitCount)
            {
                throw new ArgumentException($"Edge ({a},{b}) is not a pair of distinct qubits below {qubitCount}.", nameof(edges));
            }
            if (_edgeSet.Add(Normalise(a, b)))
            {
                neighbours[a].Add(b);
                neighbours[b].Add(a);
            }
        }
        _neighbours = neighbours.Select(n => n.ToArray()).ToArray();
        _distances = new Lazy<int[,]>(ComputeDistances);
    }

    /// <summary>Every pair is connected; no routing is ever needed.</summary>
    public static CouplingMap AllToAll { get; } = new(0, [], allToAll: true);

    /// <summary>Builds a map from undirected edges; duplicate and reversed edges are merged.</summary>
    public static CouplingMap FromEdges(int qubitCount, IEnumerable<(int A, int B)> edges) =>
        new(qubitCount, edges.ToArray(), allToAll: false);

    public bool IsAllToAll { get; }

    /// <summary>Number of physical qubits the map covers (0 for <see cref="AllToAll"/>).</summary>
    public int QubitCount { get; }

    /// <summary>The undirected edges as given (each pair once).</summary>
    public IReadOnlyList<(int A, int B)> Edges { get; }

    public int EdgeCount => IsAllToAll ? 0 : _edgeSet.Count;

    public bool AreAdjacent(int a, int b) => IsAllToAll || _edgeSet.Contains(Normalise(a, b));

    public IReadOnlyList<int> Neighbours(int qubit) => _neighbours[qubit];

    public int MaxDegree => _neighbours.Length == 0 ? 0 : _neighbours.Max(n => n.Length);

    /// <summary>Length of the shortest path in edges; <see cref="int.MaxValue"/> when disconnected.</summary>
    public int Distance(int a, int b) => IsAllToAll ? (a == b ? 0 : 1) : _distances.Value[a, b];

    public bool IsConnected => IsAllToAll || Enumerable.Range(0, QubitCount).All(q => Distance(0, q) != int.MaxValue);

    /// <summary>The next qubit on a shortest path from <paramref name="from"/> towards <paramref name="to"/>.</summary>
    public int StepTowards(int from, int to)
    {
        var best = -1;
        var bestDistance = int.MaxValue;
        foreach (var n in _neighbours[from])
        {
            var d = Distance(n, to);
            if (d < bestDistance || (d == bestDistance && n < best))
            {
                best = n;
                bestDistance = d;
            }
        }
        return best;
    }

    private static (int, int) Normalise(int a, int b) => a < b ? (a, b) : (b, a);

    private int[,] ComputeDistances()
    {
        var distances = new int[QubitCount, QubitCount];
        var queue = new Queue<int>();
        for (var source = 0; source < QubitCount; source++)
        {
            for (var q = 0; q < QubitCount; q++)
            {
                distances[source, q] = int.MaxValue;
            }
            distances[source, source] = 0;
            queue.Enqueue(source);
            while (queue.Count > 0)
            {
                var current = queue.Dequeue();
                foreach (var n in _neighbours[current])
                {
                    if (distances[source, n] == int.MaxValue)
                    {
                        distances[source, n] = distances[source, current] + 1;
                        queue.Enqueue(n);
                    }
                }
            }
        }
        return distances;
    }
}
