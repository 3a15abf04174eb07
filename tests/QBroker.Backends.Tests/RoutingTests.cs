using QBroker.Backends.Execution;
using QBroker.Backends.Routing;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Tests;

public sealed class RoutingTests
{
    private static readonly DeviceModel IdealBrooklyn =
        DeviceCatalogue.CreateDefault().Single(d => d.Id == "ibm-brooklyn") with { Calibration = DeviceCalibration.Ideal };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Routed_circuits_give_the_same_distribution_as_all_to_all(int seed)
    {
        var circuit = CircuitFactory.Random(6, 40, seed).MeasureAll().Build();
        var routed = CircuitPreparer.Prepare(circuit, IdealBrooklyn);
        var direct = CircuitPreparer.Prepare(circuit, StateVectorEngineTests.Local());
        Assert.True(routed.SwapCount > 0);
        ExactDistribution.AssertEqual(ExactDistribution.Of(direct.Program), ExactDistribution.Of(routed.Program));
    }

    [Fact]
    public void Every_two_qubit_gate_after_routing_acts_on_coupled_qubits()
    {
        var circuit = CircuitFactory.Random(10, 60, seed: 4).MeasureAll().Build();
        var routed = SwapRouter.Route(circuit, IdealBrooklyn.Coupling);
        var gates = routed.Operations.OfType<GateOperation>().ToArray();
        Assert.All(gates, g => Assert.True(g.Qubits.Count < 3));
        Assert.All(gates.Where(g => g.Qubits.Count == 2), g => Assert.True(IdealBrooklyn.Coupling.AreAdjacent(g.Qubits[0], g.Qubits[1])));
    }

    [Fact]
    public void A_chain_is_laid_out_along_a_path_without_swaps()
    {
        var f = new CircuitFactory(8).H(0);
        for (var q = 0; q < 7; q++)
        {
            f.CX(q, q + 1);
        }
        Assert.Equal(0, SwapRouter.Route(f.MeasureAll().Build(), IdealBrooklyn.Coupling).SwapCount);
    }

    [Fact]
    public void Swaps_inside_a_conditional_are_undone_before_the_branch_ends()
    {
        // Condition on q0's outcome, then a CX between distant logical qubits inside the branch, then more gates.
        var far = new GateOperation(StandardGate.CX, [1, 2], []);
        var circuit = new CircuitFactory(3).X(0).Measure(0, 0)
            .Add(new GateOperation(StandardGate.CX, [1, 0], []))
            .Add(new GateOperation(StandardGate.CX, [0, 2], []))
            .If(0, 1, 1, new GateOperation(StandardGate.X, [1], []), far)
            .Measure(1, 1).Measure(2, 2).Build();
        var map = CouplingMap.FromEdges(3, [(0, 1), (1, 2)]);
        var routed = SwapRouter.Route(circuit, map);
        var branch = routed.Operations.OfType<ConditionalOperation>().Single().Then.OfType<GateOperation>().ToArray();
        var swaps = branch.Where(g => g.Gate == StandardGate.Swap).ToArray();
        Assert.Equal(2, swaps.Length);
        Assert.Equal(swaps[0].Qubits, swaps[1].Qubits);
        Assert.Equal(StandardGate.Swap, branch[^1].Gate);
    }

    [Fact]
    public void Routed_swaps_add_their_couplers_error_and_duration()
    {
        var ibm = DeviceCatalogue.CreateDefault().Single(d => d.Id == "ibm-brooklyn");
        var distant = new CircuitFactory(3).CX(0, 1).CX(1, 2).CX(0, 2).MeasureAll().Build();
        var prepared = CircuitPreparer.Prepare(distant, ibm);
        Assert.True(prepared.SwapCount >= 1);
        var steps = prepared.Program.Steps;
        Assert.Equal(prepared.SwapCount, steps.OfType<GateStep>().Count(g => g.Gate == StandardGate.Swap));
        // The first SWAP is three native gates on its coupler: relaxation for three times the coupler's duration,
        // then the depolarising rest of 1 − (1 − e)³.
        var swapAt = steps.ToList().FindIndex(s => s is GateStep { Gate: StandardGate.Swap });
        var swap = (GateStep)steps[swapAt];
        var edge = ibm.Calibration.Edge(prepared.PhysicalQubits[swap.Qubits[0]], prepared.PhysicalQubits[swap.Qubits[1]])!;
        var noise = steps.Skip(swapAt + 1).TakeWhile(s => s is RelaxationStep or DepolarizingStep).ToArray();
        var relaxations = noise.Take(2).Cast<RelaxationStep>().ToArray();
        var t1 = ibm.Calibration.Qubits[prepared.PhysicalQubits[relaxations[0].Qubit]].T1Microseconds * 1e-6;
        Assert.Equal(-double.ExpM1(-3 * edge.DurationSeconds / t1), relaxations[0].DampingProbability, 12);
        var fidelity = relaxations[0].ProcessFidelity * relaxations[1].ProcessFidelity;
        var lambda = NoiseModel.DepolarizingParameter(1 - Math.Pow(1 - edge.GateError, 3), 2, fidelity);
        Assert.Equal(lambda, (noise.ElementAtOrDefault(2) as DepolarizingStep)?.Lambda ?? 0, 12);
        Assert.True(prepared.DurationSeconds >= 3 * edge.DurationSeconds);

        // Without relaxation the whole compounded error of the coupler is depolarising.
        var frozen = ibm with
        {
            Calibration = ibm.Calibration with
            {
                Qubits = ibm.Calibration.Qubits.Select(q => q with { T1Microseconds = double.PositiveInfinity, T2Microseconds = double.PositiveInfinity }).ToArray(),
            },
        };
        var frozenPrepared = CircuitPreparer.Prepare(distant, frozen);
        var frozenSteps = frozenPrepared.Program.Steps;
        var frozenSwap = frozenSteps.ToList().FindIndex(s => s is GateStep { Gate: StandardGate.Swap });
        var frozenQubits = ((GateStep)frozenSteps[frozenSwap]).Qubits.Select(q => frozenPrepared.PhysicalQubits[q]).ToArray();
        Assert.Equal(
            NoiseModel.DepolarizingParameter(1 - Math.Pow(1 - frozen.Calibration.TwoQubitError(frozenQubits[0], frozenQubits[1]), 3), 2, 1.0),
            Assert.IsType<DepolarizingStep>(frozenSteps[frozenSwap + 1]).Lambda, 12);
    }

    [Fact]
    public void A_disconnected_coupling_map_is_refused()
    {
        var device = IdealBrooklyn with { QubitCount = 4, Coupling = CouplingMap.FromEdges(4, [(0, 1), (2, 3)]) };
        var check = DeviceBackends.Create(device, BackendOptions.Default).Check(new CircuitWorkload(new CircuitFactory(2).CX(0, 1).Build()), 10);
        Assert.False(check.Accepted);
        Assert.Contains("not connected", check.Reason);
    }
}
