namespace QBroker.Backends;

/// <summary>
/// The devices the broker offers out of the box, each modelled on a real machine. Figures marked "note" come from
/// /work/shared/notes/qpu.md (which cites IBM's fake-backend calibration JSON, Microsoft's IonQ provider page and
/// D-Wave's samplers); figures marked "approx." are typical published values not checked against a primary source.
/// Prices are not part of the models: they are configuration (<see cref="PriceOptions"/>, QBroker:Prices, with the
/// providers' list prices as defaults in the silo's appsettings.json), applied when the device registry is built.
/// </summary>
public static class DeviceCatalogue
{
    public const string IonQHarmony = "ionq-harmony";
    public const string IbmBrooklyn = "ibm-brooklyn";
    public const string RigettiAnkaa3 = "rigetti-ankaa-3";
    public const string DWaveAdvantage = "dwave-advantage";
    public const string LocalSimulator = "local-sim";
    public const string QkdTestbed = "qkd-testbed";

    public static IReadOnlyList<DeviceModel> CreateDefault() => CreateDefault(BackendOptions.Default);

    /// <summary>The six default devices; the local simulator's size follows the memory limit in <paramref name="options"/>.</summary>
    public static IReadOnlyList<DeviceModel> CreateDefault(BackendOptions options) =>
        [IonQ(), Ibm(), Rigetti(), DWave(), Local(options), QkdLab()];

    private static DeviceModel IonQ() => new()
    {
        Id = IonQHarmony,
        Provider = "ionq",
        Kind = DeviceKind.Gate,
        DisplayName = "IonQ Harmony (11-qubit trapped ion)",
        QubitCount = 11,
        MaxShots = 10_000,
        Coupling = CouplingMap.AllToAll,
        NativeGates = ["gpi", "gpi2", "ms"],
        // Note §3.4 model for a simulated IonQ device: p1 = 5e-4, p2 = 4e-3, readout flip 4e-3, T1 10 s, T2 1 s.
        // Drawn per qubit and per pair around those medians with the narrow trapped-ion spread; 2q gate 600 µs.
        Calibration = CalibrationSnapshot.Generate(
            11, CalibrationSnapshot.AllPairs(11), new CalibrationMedians(10e6, 1e6, 5e-4, 4e-3, 4e-3, 4e-3, Micro(600)),
            CalibrationSpread.TrappedIon, CalibrationSnapshot.SeedFor(IonQHarmony)),
        // Gate times from the note (Aria: 1q 135 µs, 2q 600 µs); readout and reset approx. 130 µs and 20 µs.
        Timing = new TimingModel(Micro(135), Micro(600), Micro(130), Micro(20), 1),
    };

    private static DeviceModel Ibm() => new()
    {
        Id = IbmBrooklyn,
        Provider = "ibm",
        Kind = DeviceKind.Gate,
        DisplayName = "IBM Brooklyn (65-qubit Hummingbird r2, heavy-hex)",
        QubitCount = 65,
        // Note §3.2: max_shots is 8192 on the older devices (Brooklyn is from 2021).
        MaxShots = 8192,
        Coupling = Lattices.HeavyHex65(),
        NativeGates = ["cx", "id", "rz", "sx", "x"],
        // Note §3.2 medians for brooklyn/manhattan: T1 62–65 µs, T2 80–84 µs, sx error 3.4–4.2e-4, cx error
        // 1.0–1.4e-2, readout error 2.4e-2. The readout error is split asymmetrically (1.6e-2 / 3.2e-2, mean 2.4e-2)
        // because relaxation during readout makes |1⟩ read as 0 more often than the reverse. Drawn per qubit and per
        // coupler around those medians with the spread measured on a Falcon snapshot (CalibrationSpread); cx 430 ns.
        Calibration = CalibrationSnapshot.Generate(
            65, Lattices.HeavyHex65().Edges, new CalibrationMedians(63, 82, 3.8e-4, 1.6e-2, 3.2e-2, 1.2e-2, Nano(430)),
            CalibrationSpread.Superconducting, CalibrationSnapshot.SeedFor(IbmBrooklyn)),
        // approx.: sx 35.6 ns, cx 430 ns, readout 5.35 µs, default repetition delay 250 µs, ~2 s job overhead.
        Timing = new TimingModel(Nano(35.6), Nano(430), Micro(5.35), Micro(250), 2),
    };

    private static DeviceModel Rigetti() => new()
    {
        Id = RigettiAnkaa3,
        Provider = "rigetti",
        Kind = DeviceKind.Gate,
        DisplayName = "Rigetti Ankaa-3 (84-qubit square lattice)",
        QubitCount = 84,
        MaxShots = 100_000,
        Coupling = Lattices.SquareGrid(7, 12),
        NativeGates = ["rx", "rz", "cz", "iswap"],
        // approx. (Rigetti's Ankaa-3 announcement, Dec 2024): median 2q fidelity 99.5 %, 1q fidelity 99.9 %;
        // T1 ≈ 22 µs, T2 ≈ 19 µs, readout error ≈ 2 % / 4 %.
        // Drawn per qubit and per coupler around those medians with the transmon spread; 2q gate 72 ns.
        Calibration = CalibrationSnapshot.Generate(
            84, Lattices.SquareGrid(7, 12).Edges, new CalibrationMedians(22, 19, 1e-3, 2e-2, 4e-2, 5e-3, Nano(72)),
            CalibrationSpread.Superconducting, CalibrationSnapshot.SeedFor(RigettiAnkaa3)),
        // approx.: 1q 40 ns, 2q 72 ns, readout 1.5 µs, reset/repetition 200 µs, ~1 s task overhead.
        Timing = new TimingModel(Nano(40), Nano(72), Micro(1.5), Micro(200), 1),
    };

    private static DeviceModel DWave() => new()
    {
        Id = DWaveAdvantage,
        Provider = "dwave",
        Kind = DeviceKind.Anneal,
        DisplayName = "D-Wave Advantage (5000-qubit annealer)",
        // Advantage has 5000+ qubits on a Pegasus graph; the simulated backend skips minor embedding and accepts
        // any QUBO/Ising problem up to this many variables and MaxCouplers couplers.
        QubitCount = 5000,
        MaxShots = 10_000,
        MaxCouplers = 35_000,
        NativeGates = ["ising"],
        // approx. (D-Wave QPU timing docs): ~15 ms programming per problem; per read 20 µs anneal (note §5.1 default)
        // + ~100 µs readout + 20 µs delay.
        Timing = new TimingModel(0, 0, Micro(100), Micro(40), Milli(15)),
    };

    private static DeviceModel Local(BackendOptions options) => new()
    {
        Id = LocalSimulator,
        Provider = "local",
        Kind = DeviceKind.Gate,
        DisplayName = "Local ideal simulator",
        QubitCount = options.MaxStateVectorQubits,
        SizeFollowsMemoryLimit = true,
        MaxShots = 1_000_000,
        Coupling = CouplingMap.AllToAll,
        Calibration = DeviceCalibration.Ideal,
        // A simulator's time is its run time; the estimate counts a small fixed cost per task and per shot.
        Timing = new TimingModel(0, 0, 0, Micro(1), Milli(10)),
    };

    private static DeviceModel QkdLab() => new()
    {
        Id = QkdTestbed,
        Provider = "local",
        Kind = DeviceKind.Qkd,
        DisplayName = "QKD testbed (simulated fibre link, source and detectors)",
        // Not a qubit register: experiments describe their own link (docs/qkd-job-format.md). One experiment per task.
        QubitCount = 0,
        MaxShots = 1,
        // A job is busy for its sessions' source time (pulses / clock rate, added by the backend) plus about a
        // second to configure the link and synchronise the clocks (approx.; no provider publishes a figure).
        Timing = new TimingModel(0, 0, 0, 0, 1),
    };

    private static double Milli(double milliseconds) => milliseconds * 1e-3;

    private static double Micro(double microseconds) => microseconds * 1e-6;

    private static double Nano(double nanoseconds) => nanoseconds * 1e-9;
}
