using QBroker.Backends;
using QBroker.Backends.Anneal;
using QBroker.Grains.Devices;

namespace QBroker.Grains.Tests.Devices;

public sealed class PredictedFidelityTests
{
    private static DeviceModel Device(double singleError, double readoutOneGivenZero, double readoutZeroGivenOne, double twoQubitError) => new()
    {
        Id = "d",
        Provider = "test",
        Kind = DeviceKind.Gate,
        DisplayName = "test device",
        QubitCount = 3,
        MaxShots = 100,
        Calibration = DeviceCalibration.Uniform(3, new QubitCalibration(100, 100, singleError, readoutOneGivenZero, readoutZeroGivenOne), twoQubitError),
    };

    private static Workload Circuit(string qasm) => WorkloadCompiler.Compile(WorkloadCompiler.CircuitKind, qasm);

    [Fact]
    public void Is_the_product_of_one_minus_the_error_of_every_gate_and_measurement()
    {
        var device = Device(singleError: 1e-3, readoutOneGivenZero: 0.01, readoutZeroGivenOne: 0.05, twoQubitError: 0.02);

        // One single-qubit gate, one CX and two measurements; the readout error is the mean of both directions, 0.03.
        var expected = (1 - 1e-3) * (1 - 0.02) * Math.Pow(1 - 0.03, 2);
        Assert.Equal(expected, PredictedFidelity.Of(device, Circuit(Specs.Bell)), 12);
    }

    [Fact]
    public void A_three_qubit_gate_counts_as_six_two_qubit_gates()
    {
        var device = Device(singleError: 0, readoutOneGivenZero: 0, readoutZeroGivenOne: 0, twoQubitError: 0.01);
        var toffoli = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\nccx q[0], q[1], q[2];\n";

        Assert.Equal(Math.Pow(0.99, 6), PredictedFidelity.Of(device, Circuit(toffoli)), 12);
    }

    [Fact]
    public void The_better_calibrated_device_predicts_the_higher_fidelity()
    {
        var good = Device(singleError: 5e-4, readoutOneGivenZero: 4e-3, readoutZeroGivenOne: 4e-3, twoQubitError: 4e-3);
        var noisyReadout = Device(singleError: 5e-4, readoutOneGivenZero: 2e-2, readoutZeroGivenOne: 4e-2, twoQubitError: 4e-3);
        var noisyGates = Device(singleError: 5e-4, readoutOneGivenZero: 4e-3, readoutZeroGivenOne: 4e-3, twoQubitError: 2e-2);
        var workload = Circuit(Specs.Bell);

        Assert.True(PredictedFidelity.Of(good, workload) > PredictedFidelity.Of(noisyReadout, workload));
        Assert.True(PredictedFidelity.Of(good, workload) > PredictedFidelity.Of(noisyGates, workload));
    }

    [Fact]
    public void An_ideal_device_and_a_workload_that_is_not_a_circuit_predict_one()
    {
        var ideal = Device(0, 0, 0, 0) with { Calibration = DeviceCalibration.Ideal };
        Assert.Equal(1.0, PredictedFidelity.Of(ideal, Circuit(Specs.Bell)));

        var anneal = new AnnealWorkload(new AnnealProblem(VariableType.Spin, 2, [0.5, -0.5], []));
        Assert.Equal(1.0, PredictedFidelity.Of(Device(0.1, 0.1, 0.1, 0.1), anneal));
    }
}
