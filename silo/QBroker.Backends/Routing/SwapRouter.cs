using QBroker.Qasm.Ir;

namespace QBroker.Backends.Routing;

/// <summary>
/// Maps logical qubits onto a coupling map and inserts SWAPs so every two-qubit gate acts on neighbours.
/// The initial layout is greedy: following the circuit's two-qubit gates in order, each newly seen qubit is placed
/// on a free neighbour of its partner (or the nearest free qubit), so chains and ladders land on paths of the chip.
/// Routing then walks the first qubit of a distant pair along a shortest path towards the second. Inside a
/// conditional block the SWAPs are undone at the end of the branch, so the layout after the block does not depend
/// on the branch taken. Simpler than SABRE (arXiv:1809.02573) and not optimal, but always succeeds on a connected map;
/// <see cref="CircuitRouter"/> keeps its result when SABRE does no better, and starts one SABRE trial from its layout.
/// </summary>
public static class SwapRouter
{
    public static RoutedCircuit Route(Circuit circuit, CouplingMap map)
    {
        if (circuit.QubitCount > map.QubitCount)
        {
            throw new ArgumentException($"Circuit needs {circuit.QubitCount} qubits; the coupling map has {map.QubitCount}.", nameof(circuit));
        }
        var operations = ThreeQubitDecomposition.Expand(circuit.Operations);
        var initial = InitialLayout(circuit.QubitCount, operations, map);
        var layout = new QubitLayout(initial, map.QubitCount);
        var swaps = 0;
        var routed = RouteBlock(operations, map, layout, [], ref swaps);
        return new RoutedCircuit(routed, swaps, initial, layout.ToArray());
    }

    private static List<Operation> RouteBlock(
        IReadOnlyList<Operation> operations, CouplingMap map, QubitLayout layout, List<(int, int)> insertedSwaps, ref int swaps)
    {
        var result = new List<Operation>();
        foreach (var op in operations)
        {
            switch (op)
            {
                case GateOperation { Qubits.Count: 2 } g:
                    var a = layout[g.Qubits[0]];
                    var b = layout[g.Qubits[1]];
                    while (!map.AreAdjacent(a, b))
                    {
                        var next = map.StepTowards(a, b);
                        result.Add(layout.Swap(a, next));
                        insertedSwaps.Add((a, next));
                        swaps++;
                        a = next;
                    }
                    result.Add(g with { Qubits = [a, b] });
                    break;
                case ConditionalOperation c:
                    result.Add(c with
                    {
                        Then = RouteBranch(c.Then, map, layout, ref swaps),
                        Else = RouteBranch(c.Else, map, layout, ref swaps),
                    });
                    break;
                default:
                    result.Add(layout.Map(op));
                    break;
            }
        }
        return result;
    }

    private static List<Operation> RouteBranch(IReadOnlyList<Operation> operations, CouplingMap map, QubitLayout layout, ref int swaps)
    {
        var inserted = new List<(int, int)>();
        var branch = RouteBlock(operations, map, layout, inserted, ref swaps);
        for (var i = inserted.Count - 1; i >= 0; i--)
        {
            branch.Add(layout.Swap(inserted[i].Item1, inserted[i].Item2));
            swaps++;
        }
        return branch;
    }

    /// <summary>The greedy first-touch layout: logical qubit → physical qubit.</summary>
    public static int[] InitialLayout(int logicalCount, IReadOnlyList<Operation> operations, CouplingMap map)
    {
        var layout = Enumerable.Repeat(-1, logicalCount).ToArray();
        var used = new bool[map.QubitCount];
        void Place(int logical, int physical)
        {
            layout[logical] = physical;
            used[physical] = true;
        }
        foreach (var gate in TwoQubitGates(operations))
        {
            var (a, b) = (gate.Qubits[0], gate.Qubits[1]);
            if (layout[a] < 0 && layout[b] < 0)
            {
                Place(a, NearestFree(map, used, 0));
            }
            if (layout[a] < 0)
            {
                (a, b) = (b, a);
            }
            if (layout[b] < 0)
            {
                Place(b, NearestFree(map, used, layout[a]));
            }
        }
        for (var l = 0; l < logicalCount; l++)
        {
            if (layout[l] < 0)
            {
                Place(l, NearestFree(map, used, 0));
            }
        }
        return layout;
    }

    private static IEnumerable<GateOperation> TwoQubitGates(IEnumerable<Operation> operations)
    {
        foreach (var op in operations)
        {
            if (op is GateOperation { Qubits.Count: 2 } g)
            {
                yield return g;
            }
            else if (op is ConditionalOperation c)
            {
                foreach (var inner in TwoQubitGates(c.Then.Concat(c.Else)))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The free qubit closest to <paramref name="from"/> (ties to the lowest index).</summary>
    private static int NearestFree(CouplingMap map, bool[] used, int from)
    {
        var best = -1;
        for (var q = 0; q < map.QubitCount; q++)
        {
            if (!used[q] && (best < 0 || map.Distance(from, q) < map.Distance(from, best)))
            {
                best = q;
            }
        }
        return best;
    }
}
