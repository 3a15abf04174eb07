using QBroker.Backends.StateVector;

namespace QBroker.Backends.Tests;

public sealed class DeviceCatalogueTests
{
    private static readonly IReadOnlyList<DeviceModel> Devices = DeviceCatalogue.CreateDefault();

    private static DeviceModel Get(string id) => Devices.Single(d => d.Id == id);

    [Fact]
    public void The_catalogue_has_the_six_devices_with_their_ids()
    {
        Assert.Equal(
            ["ionq-harmony", "ibm-brooklyn", "rigetti-ankaa-3", "dwave-advantage", "local-sim", "qkd-testbed"],
            Devices.Select(d => d.Id));
        Assert.Equal(["ionq", "ibm", "rigetti", "dwave", "local", "local"], Devices.Select(d => d.Provider));
        Assert.Equal(DeviceKind.Anneal, Get("dwave-advantage").Kind);
        Assert.Equal(DeviceKind.Qkd, Get("qkd-testbed").Kind);
        Assert.All(Devices.Where(d => d.Id is not ("dwave-advantage" or "qkd-testbed")), d => Assert.Equal(DeviceKind.Gate, d.Kind));
    }

    [Fact]
    public void Brooklyn_has_the_65_qubit_heavy_hex_coupling_map()
    {
        var map = Get("ibm-brooklyn").Coupling;
        Assert.Equal(65, Get("ibm-brooklyn").QubitCount);
        Assert.Equal(65, map.QubitCount);
        Assert.Equal(72, map.EdgeCount);
        Assert.Equal(3, map.MaxDegree);
        Assert.True(map.IsConnected);
        // Heavy-hex: every degree-3 qubit's neighbours have degree at most 2 (the "heavy" qubits sit on edges).
        for (var q = 0; q < 65; q++)
        {
            if (map.Neighbours(q).Count == 3)
            {
                Assert.All(map.Neighbours(q), n => Assert.True(map.Neighbours(n).Count <= 2, $"{q}-{n}"));
            }
        }
        // No triangles and no squares: the smallest cycle of a heavy-hex lattice has 12 edges.
        Assert.Equal(12, ShortestCycle(map));
    }

    [Fact]
    public void Rigetti_is_an_84_qubit_square_lattice_and_ion_trap_and_simulator_are_all_to_all()
    {
        var rigetti = Get("rigetti-ankaa-3");
        Assert.Equal(84, rigetti.QubitCount);
        Assert.Equal(4, rigetti.Coupling.MaxDegree);
        Assert.Equal(4, ShortestCycle(rigetti.Coupling));
        Assert.True(Get("ionq-harmony").Coupling.IsAllToAll);
        Assert.Equal(11, Get("ionq-harmony").QubitCount);
        Assert.True(Get("local-sim").Coupling.IsAllToAll);
    }

    [Fact]
    public void Local_simulator_size_follows_the_memory_limit()
    {
        var derived = BackendOptions.Default.StateVectorLimitBytes;
        var qubits = Get("local-sim").QubitCount;
        Assert.True(StateVectorSimulator.BytesFor(qubits) <= derived);
        Assert.True(qubits == StateVectorSimulator.MaxQubits || StateVectorSimulator.BytesFor(qubits + 1) > derived);
        Assert.True(Get("local-sim").SizeFollowsMemoryLimit);
        Assert.False(Get("ibm-brooklyn").SizeFollowsMemoryLimit);
        var small = DeviceCatalogue.CreateDefault(new BackendOptions { MaxStateVectorBytes = 16L << 20 });
        Assert.Equal(20, small.Single(d => d.Id == "local-sim").QubitCount);
        Assert.True(Get("local-sim").Calibration.IsIdeal);
    }

    [Fact]
    public void Noisy_devices_carry_a_calibration_per_qubit()
    {
        foreach (var id in new[] { "ionq-harmony", "ibm-brooklyn", "rigetti-ankaa-3" })
        {
            var device = Get(id);
            Assert.Equal(device.QubitCount, device.Calibration.Qubits.Count);
            Assert.InRange(device.Calibration.TwoQubitGateError, 1e-4, 0.05);
        }
    }

    [Fact]
    public void Catalogue_devices_carry_no_price_and_price_models_follow_each_providers_scheme()
    {
        // Prices are configuration (QBroker:Prices, defaults in the silo's appsettings.json, checked by
        // PriceConfigurationTests in QBroker.Silo.Tests); the catalogue's models carry none.
        Assert.All(Devices, d => Assert.Equal(PriceModel.Free, d.Price));
        // IonQ on Braket: 0.30 per task + 0.01 per shot.
        Assert.Equal(0.30m + 1000 * 0.01m, new PriceModel(0.30m, 0.01m).EstimateCost(TimeSpan.FromSeconds(5), 1000));
        // IBM pay-as-you-go: 1.60 per second, shots do not matter.
        Assert.Equal(16.00m, new PriceModel(PerSecond: 1.60m).EstimateCost(TimeSpan.FromSeconds(10), 4000));
        Assert.Equal(0.30m + 100 * 0.00019m, new PriceModel(0.30m, 0.00019m).EstimateCost(TimeSpan.FromSeconds(1), 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PriceModel(PerSecond: 1.60m).EstimateCost(TimeSpan.Zero, -1));
    }

    [Fact]
    public void A_bare_device_model_defaults_to_ideal_all_to_all_and_free()
    {
        var bare = new DeviceModel { Id = "x", Provider = "local", Kind = DeviceKind.Gate, DisplayName = "x", QubitCount = 3, MaxShots = 10 };
        Assert.True(bare.Coupling.IsAllToAll);
        Assert.True(bare.Calibration.IsIdeal);
        Assert.Equal(0m, bare.Price.EstimateCost(TimeSpan.FromHours(1), 10));
    }

    /// <summary>Girth by breadth-first search from every vertex.</summary>
    private static int ShortestCycle(CouplingMap map)
    {
        var best = int.MaxValue;
        for (var s = 0; s < map.QubitCount; s++)
        {
            var depth = Enumerable.Repeat(-1, map.QubitCount).ToArray();
            var parent = new int[map.QubitCount];
            var queue = new Queue<int>();
            depth[s] = 0;
            parent[s] = -1;
            queue.Enqueue(s);
            while (queue.Count > 0)
            {
                var u = queue.Dequeue();
                foreach (var v in map.Neighbours(u))
                {
                    if (depth[v] < 0)
                    {
                        depth[v] = depth[u] + 1;
                        parent[v] = u;
                        queue.Enqueue(v);
                    }
                    else if (parent[u] != v)
                    {
                        best = Math.Min(best, depth[u] + depth[v] + 1);
                    }
                }
            }
        }
        return best;
    }
}
