using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using QBroker.Backends;
using QBroker.Backends.StateVector;
using QBroker.Grains.Devices;

namespace QBroker.Grains.Tests.Devices;

public sealed class DeviceRegistryTests
{
    private static DeviceRegistry Registry(BrokerOptions broker, BackendOptions backend) =>
        new(Options.Create(broker), Options.Create(backend), new ConfigurationBuilder().Build());

    [Fact]
    public void Every_gate_device_slot_gets_an_equal_share_of_the_state_vector_memory_and_local_sim_is_as_wide_as_its_share()
    {
        var broker = new BrokerOptions { SimulatorSlots = 3, QpuSlots = 2 };
        // local-sim's three slots and two on each of IonQ, IBM and Rigetti; the annealer and the QKD testbed hold no state vector.
        const int gateSlots = 3 + (3 * 2);

        var registry = Registry(broker, new BackendOptions());

        var share = StateVectorMemoryBudget.PerSimulation(StateVectorMemoryBudget.AvailableBytes, gateSlots);
        var local = registry.Get(DeviceCatalogue.LocalSimulator).Model;
        Assert.Equal(new BackendOptions { MaxStateVectorBytes = share }.MaxStateVectorQubits, local.QubitCount);
        Assert.True(gateSlots * StateVectorSimulator.BytesFor(local.QubitCount) <= StateVectorMemoryBudget.AvailableBytes * StateVectorMemoryBudget.Fraction);
        Assert.Equal(share, DeviceRegistry.SimulationOptions(registry.All.Select(d => d.Model), broker, new BackendOptions()).MaxStateVectorBytes);
    }

    [Fact]
    public void A_configured_limit_sizes_local_sim_and_its_backend_whatever_the_slots()
    {
        var registry = Registry(new BrokerOptions { SimulatorSlots = 16 }, new BackendOptions { MaxStateVectorBytes = 16L << 20 });
        var local = registry.Get(DeviceCatalogue.LocalSimulator);

        Assert.Equal(20, local.Model.QubitCount);
        Assert.Equal(16, local.Slots);
        var perShot = WorkloadCompiler.Compile(WorkloadCompiler.CircuitKind,
            "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[20]; creg c[20]; h q; t q[0]; measure q[0] -> c[0]; h q[0]; measure q -> c;");
        var check = local.Backend.Check(perShot, 10);
        Assert.False(check.Accepted);
        Assert.Contains("32 MiB (two copies, for per-shot simulation), more than the 16 MiB", check.Reason);
    }
}
