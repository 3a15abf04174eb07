using QBroker.Backends.Execution;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Routing;

/// <summary>
/// SWAP insertion by the SABRE heuristic (Li, Ding and Xie, "Tackling the qubit mapping problem for NISQ-era quantum
/// devices", ASPLOS 2019, arXiv:1809.02573). Operations form a dependency graph (each depends on the previous
/// operation on each of its qubits); the front layer holds those whose predecessors are done. Front operations that
/// can run (one-qubit gates, measurements, barriers, two-qubit gates on coupled qubits) are emitted; when every front
/// operation is a two-qubit gate on distant qubits, each SWAP on an edge touching a front qubit is scored by
/// H = max(decay_a, decay_b) · (Σ_F d/|F| + W · Σ_E d/|E|), where d is the coupling-map distance of a gate's qubits
/// after the SWAP, F the front layer and E the next <see cref="ExtendedSetSize"/> two-qubit gates (the lookahead,
/// W = 0.5), and decay grows by δ = 0.001 on recently swapped qubits so parallel SWAPs are preferred; the lowest score
/// wins, ties broken by the seeded generator. As in LightSABRE (Zou et al., arXiv:2409.08368), a release valve
/// routes the closest front gate along a shortest path when too many SWAPs pass without progress, which guarantees
/// termination. A conditional block is routed on its own and its SWAPs are undone at the end of each branch, so the
/// layout after it does not depend on the branch taken.
/// </summary>
public static class SabreRouter
{
    public const int ExtendedSetSize = 20;
    private const double LookaheadWeight = 0.5;
    private const double DecayIncrement = 0.001;
    private const int DecayResetInterval = 5;

    /// <summary>Routes <paramref name="operations"/> (gates on at most two qubits) from <paramref name="initialLayout"/>.</summary>
    public static RoutedCircuit Route(IReadOnlyList<Operation> operations, CouplingMap map, IReadOnlyList<int> initialLayout, DeterministicRandom random)
    {
        var layout = new QubitLayout(initialLayout, map.QubitCount);
        var swaps = 0;
        var routed = RouteBlock(operations, map, layout, random, ref swaps, out _);
        return new RoutedCircuit(routed, swaps, initialLayout.ToArray(), layout.ToArray());
    }

    /// <summary>
    /// The layout a routing of the two-qubit gates ends in, without building the routed circuit: one pass of the
    /// forward–backward layout search (SABRE §4.3).
    /// </summary>
    public static int[] FinalLayout(IReadOnlyList<(int A, int B)> pairs, CouplingMap map, IReadOnlyList<int> initialLayout, DeterministicRandom random)
    {
        var layout = new QubitLayout(initialLayout, map.QubitCount);
        var swaps = 0;
        var operations = pairs.Select(p => (Operation)new GateOperation(StandardGate.CX, [p.A, p.B], [])).ToArray();
        RouteStraightLine(operations, map, layout, random, ref swaps, null);
        return layout.ToArray();
    }

    private static List<Operation> RouteBlock(
        IReadOnlyList<Operation> operations, CouplingMap map, QubitLayout layout, DeterministicRandom random, ref int swaps, out List<(int, int)> inserted)
    {
        inserted = [];
        var result = new List<Operation>();
        var segment = new List<Operation>();
        foreach (var op in operations)
        {
            if (op is not ConditionalOperation conditional)
            {
                segment.Add(op);
                continue;
            }
            result.AddRange(RouteStraightLine(segment, map, layout, random, ref swaps, inserted));
            segment.Clear();
            result.Add(conditional with
            {
                Then = RouteBranch(conditional.Then, map, layout, random, ref swaps),
                Else = RouteBranch(conditional.Else, map, layout, random, ref swaps),
            });
        }
        result.AddRange(RouteStraightLine(segment, map, layout, random, ref swaps, inserted));
        return result;
    }

    private static List<Operation> RouteBranch(IReadOnlyList<Operation> operations, CouplingMap map, QubitLayout layout, DeterministicRandom random, ref int swaps)
    {
        var branch = RouteBlock(operations, map, layout, random, ref swaps, out var inserted);
        for (var i = inserted.Count - 1; i >= 0; i--)
        {
            branch.Add(layout.Swap(inserted[i].Item1, inserted[i].Item2));
            swaps++;
        }
        return branch;
    }

    private static List<Operation> RouteStraightLine(
        IReadOnlyList<Operation> operations, CouplingMap map, QubitLayout layout, DeterministicRandom random, ref int swaps, List<(int, int)>? inserted)
    {
        var result = new List<Operation>(operations.Count);
        if (operations.Count == 0)
        {
            return result;
        }
        var dag = new DependencyGraph(operations);
        var front = dag.Roots();
        var decay = new double[map.QubitCount];
        Array.Fill(decay, 1.0);
        var swapsWithoutProgress = 0;
        var swapsSinceDecayReset = 0;
        var releaseAfter = 10 * Diameter(map) + 10;
        var finalMeasurements = new List<Operation>();
        while (front.Count > 0)
        {
            var progressed = false;
            for (var i = 0; i < front.Count; i++)
            {
                var node = front[i];
                if (!CanRun(operations[node], map, layout))
                {
                    continue;
                }
                if (operations[node] is MeasureOperation && dag.IsLast(node))
                {
                    // Held to the end of the segment, with the qubit's final position: a SWAP passing through a
                    // measured qubit would make the measurement mid-circuit and cost the sample-once fast path.
                    finalMeasurements.Add(operations[node]);
                }
                else
                {
                    result.Add(layout.Map(operations[node]));
                }
                front.RemoveAt(i--);
                front.AddRange(dag.Complete(node));
                progressed = true;
            }
            if (progressed)
            {
                Array.Fill(decay, 1.0);
                swapsWithoutProgress = 0;
                continue;
            }
            if (swapsWithoutProgress >= releaseAfter)
            {
                ReleaseValve(front, operations, map, layout, result, inserted, ref swaps);
                swapsWithoutProgress = 0;
                continue;
            }
            var (a, b) = BestSwap(front, dag.Lookahead(front, ExtendedSetSize), operations, map, layout, decay, random);
            result.Add(layout.Swap(a, b));
            inserted?.Add((a, b));
            swaps++;
            swapsWithoutProgress++;
            decay[a] += DecayIncrement;
            decay[b] += DecayIncrement;
            if (++swapsSinceDecayReset % DecayResetInterval == 0)
            {
                Array.Fill(decay, 1.0);
            }
        }
        result.AddRange(finalMeasurements.Select(layout.Map));
        return result;
    }

    private static bool CanRun(Operation op, CouplingMap map, QubitLayout layout) =>
        op is not GateOperation { Qubits.Count: 2 } g || map.AreAdjacent(layout[g.Qubits[0]], layout[g.Qubits[1]]);

    private static (int A, int B) BestSwap(
        List<int> front, List<int> lookahead, IReadOnlyList<Operation> operations, CouplingMap map, QubitLayout layout, double[] decay, DeterministicRandom random)
    {
        var candidates = new List<(int, int)>();
        foreach (var node in front)
        {
            foreach (var logical in ((GateOperation)operations[node]).Qubits)
            {
                var p = layout[logical];
                foreach (var n in map.Neighbours(p))
                {
                    var edge = p < n ? (p, n) : (n, p);
                    if (!candidates.Contains(edge))
                    {
                        candidates.Add(edge);
                    }
                }
            }
        }
        var best = new List<(int, int)>();
        var bestScore = double.MaxValue;
        foreach (var (a, b) in candidates)
        {
            layout.Swap(a, b);
            var score = Math.Max(decay[a], decay[b])
                * (SumDistance(front, operations, map, layout) / front.Count
                   + (lookahead.Count == 0 ? 0 : LookaheadWeight * SumDistance(lookahead, operations, map, layout) / lookahead.Count));
            layout.Swap(a, b);
            if (score < bestScore - 1e-12)
            {
                bestScore = score;
                best.Clear();
                best.Add((a, b));
            }
            else if (Math.Abs(score - bestScore) <= 1e-12)
            {
                best.Add((a, b));
            }
        }
        return best[best.Count == 1 ? 0 : random.NextInt(best.Count)];
    }

    private static double SumDistance(List<int> nodes, IReadOnlyList<Operation> operations, CouplingMap map, QubitLayout layout)
    {
        var sum = 0.0;
        foreach (var node in nodes)
        {
            var g = (GateOperation)operations[node];
            sum += map.Distance(layout[g.Qubits[0]], layout[g.Qubits[1]]);
        }
        return sum;
    }

    /// <summary>Brings the closest front gate's qubits together along a shortest path, so routing always progresses.</summary>
    private static void ReleaseValve(
        List<int> front, IReadOnlyList<Operation> operations, CouplingMap map, QubitLayout layout, List<Operation> result, List<(int, int)>? inserted, ref int swaps)
    {
        var gate = front.Select(n => (GateOperation)operations[n]).MinBy(g => map.Distance(layout[g.Qubits[0]], layout[g.Qubits[1]]))!;
        var a = layout[gate.Qubits[0]];
        var b = layout[gate.Qubits[1]];
        while (!map.AreAdjacent(a, b))
        {
            var next = map.StepTowards(a, b);
            result.Add(layout.Swap(a, next));
            inserted?.Add((a, next));
            swaps++;
            a = next;
        }
    }

    private static int Diameter(CouplingMap map)
    {
        var diameter = 0;
        for (var a = 0; a < map.QubitCount; a++)
        {
            for (var b = a + 1; b < map.QubitCount; b++)
            {
                diameter = Math.Max(diameter, map.Distance(a, b));
            }
        }
        return diameter;
    }

    /// <summary>Each operation depends on the previous operation on each of its qubits.</summary>
    private sealed class DependencyGraph
    {
        private readonly IReadOnlyList<Operation> _operations;
        private readonly List<int>[] _successors;
        private readonly int[] _waitingOn;

        public DependencyGraph(IReadOnlyList<Operation> operations)
        {
            _operations = operations;
            _successors = new List<int>[operations.Count];
            _waitingOn = new int[operations.Count];
            var last = new Dictionary<int, int>();
            for (var i = 0; i < operations.Count; i++)
            {
                _successors[i] = [];
                foreach (var q in QubitsOf(operations[i]).Distinct())
                {
                    if (last.TryGetValue(q, out var previous))
                    {
                        _successors[previous].Add(i);
                        _waitingOn[i]++;
                    }
                    last[q] = i;
                }
            }
        }

        /// <summary>No operation follows this one on any of its qubits.</summary>
        public bool IsLast(int node) => _successors[node].Count == 0;

        public List<int> Roots() => Enumerable.Range(0, _operations.Count).Where(i => _waitingOn[i] == 0).ToList();

        /// <summary>Marks a node done and returns the successors that became ready.</summary>
        public IEnumerable<int> Complete(int node)
        {
            foreach (var s in _successors[node])
            {
                if (--_waitingOn[s] == 0)
                {
                    yield return s;
                }
            }
        }

        /// <summary>Up to <paramref name="size"/> two-qubit gates following the front layer, breadth first.</summary>
        public List<int> Lookahead(List<int> front, int size)
        {
            var result = new List<int>();
            var seen = new HashSet<int>(front);
            var queue = new Queue<int>(front);
            while (queue.Count > 0 && result.Count < size)
            {
                foreach (var s in _successors[queue.Dequeue()])
                {
                    if (seen.Add(s))
                    {
                        if (_operations[s] is GateOperation { Qubits.Count: 2 })
                        {
                            result.Add(s);
                        }
                        queue.Enqueue(s);
                    }
                }
            }
            return result;
        }

        private static IEnumerable<int> QubitsOf(Operation op) => op switch
        {
            GateOperation g => g.Qubits,
            MeasureOperation m => [m.Qubit],
            ResetOperation r => [r.Qubit],
            BarrierOperation b => b.Qubits,
            _ => throw new NotSupportedException($"Cannot route {op.GetType().Name}."),
        };
    }
}
