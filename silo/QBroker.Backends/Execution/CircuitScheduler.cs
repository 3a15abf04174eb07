using QBroker.Qasm.Ir;

namespace QBroker.Backends.Execution;

/// <summary>
/// Places a routed circuit on the device's clock and lowers it to execution steps with its noise. Operations are
/// scheduled as soon as possible: each starts when all its qubits are free, takes the device's duration for it (the
/// coupler's own duration for two-qubit gates, one readout for measurements and resets), and a barrier makes its
/// qubits wait for the latest of them. Whenever a qubit waits (idle in a layer where other qubits run gates, or held
/// by a barrier), relaxation for the waiting time is inserted before its next operation, so idle qubits decohere
/// as on hardware. Qubits still in |0⟩ (never touched, or just reset) get no idle noise: zero-temperature
/// relaxation leaves |0⟩ unchanged; and a reset of such a qubit lowers to no step at all. Both branches of a
/// conditional are padded to the longer one, as a control system schedules a conditional block for its longest branch.
/// </summary>
public sealed class CircuitScheduler
{
    private readonly NoiseModel _noise;
    private readonly TimingModel _timing;
    private readonly IReadOnlyDictionary<int, int> _dense;
    private double _makespan;

    public CircuitScheduler(NoiseModel noise, TimingModel timing, IReadOnlyDictionary<int, int> denseIndexOfPhysical)
    {
        _noise = noise;
        _timing = timing;
        _dense = denseIndexOfPhysical;
    }

    /// <summary>
    /// Scheduled length of one shot in seconds: the end of the last gate, reset or barrier, or the start of the last
    /// measurement (the terminal readout is counted per shot by <see cref="TimingModel.TaskDuration"/>).
    /// </summary>
    public double DurationSeconds => _makespan;

    /// <summary>Steps on dense qubits for operations on physical qubits, with gate noise, idle relaxation and readout error.</summary>
    public List<ExecutionStep> Lower(IReadOnlyList<Operation> operations)
    {
        var clock = new QubitClocks();
        return Lower(operations, clock);
    }

    private List<ExecutionStep> Lower(IReadOnlyList<Operation> operations, QubitClocks clock)
    {
        var steps = new List<ExecutionStep>();
        foreach (var op in operations)
        {
            switch (op)
            {
                case GateOperation g:
                    var start = g.Qubits.Max(clock.Ready);
                    foreach (var q in g.Qubits)
                    {
                        AddIdle(steps, clock, q, start);
                    }
                    var dense = g.Qubits.Select(q => _dense[q]).ToArray();
                    steps.Add(new GateStep(g.Gate, dense, g.Parameters.ToArray()));
                    var leavesGround = g.Gate != StandardGate.I || g.Qubits.Any(clock.IsExcited);
                    if (leavesGround)
                    {
                        steps.AddRange(_noise.AfterGate(g.Gate, g.Qubits, dense));
                    }
                    var end = start + _noise.GateSeconds(g.Gate, g.Qubits);
                    foreach (var q in g.Qubits)
                    {
                        clock.Finish(q, end, excited: leavesGround);
                    }
                    Extend(end);
                    break;
                case MeasureOperation m:
                    var measureStart = clock.Ready(m.Qubit);
                    AddIdle(steps, clock, m.Qubit, measureStart);
                    var (oneGivenZero, zeroGivenOne) = _noise.Readout(m.Qubit);
                    steps.Add(new MeasureStep(_dense[m.Qubit], m.Clbit, oneGivenZero, zeroGivenOne));
                    clock.Finish(m.Qubit, measureStart + _timing.ReadoutSeconds, clock.IsExcited(m.Qubit));
                    Extend(measureStart);
                    break;
                case ResetOperation r:
                    // Relaxation just before a reset cannot change anything: the reset replaces the qubit's state.
                    // A qubit still in |0⟩ (never touched, as in the customary `reset q;` at the start, or already
                    // reset) is left as it is: the reset still takes its time, but no step forces per-shot simulation.
                    var resetEnd = clock.Ready(r.Qubit) + _timing.ReadoutSeconds;
                    if (clock.IsExcited(r.Qubit))
                    {
                        steps.Add(new ResetStep(_dense[r.Qubit]));
                    }
                    clock.Finish(r.Qubit, resetEnd, excited: false);
                    Extend(resetEnd);
                    break;
                case BarrierOperation b when b.Qubits.Count > 0:
                    var aligned = b.Qubits.Max(clock.Ready);
                    foreach (var q in b.Qubits)
                    {
                        clock.Hold(q, aligned);
                    }
                    Extend(aligned);
                    break;
                case ConditionalOperation c:
                    var thenClock = clock.Clone();
                    var elseClock = clock.Clone();
                    var thenSteps = Lower(c.Then, thenClock);
                    var elseSteps = Lower(c.Else, elseClock);
                    foreach (var q in thenClock.Qubits.Union(elseClock.Qubits))
                    {
                        var ready = Math.Max(thenClock.Ready(q), elseClock.Ready(q));
                        AddIdle(thenSteps, thenClock, q, ready);
                        AddIdle(elseSteps, elseClock, q, ready);
                        clock.Finish(q, ready, thenClock.IsExcited(q) || elseClock.IsExcited(q));
                    }
                    steps.Add(new ConditionalStep(c.Condition, thenSteps, elseSteps));
                    break;
            }
        }
        return steps;
    }

    /// <summary>Relaxation for the time a qubit has waited since its noise was last accounted, up to <paramref name="until"/>.</summary>
    private void AddIdle(List<ExecutionStep> steps, QubitClocks clock, int qubit, double until)
    {
        var waited = until - clock.NoisedUntil(qubit);
        if (waited > 0 && clock.IsExcited(qubit))
        {
            steps.AddRange(_noise.Idle(qubit, _dense[qubit], waited));
        }
        clock.Finish(qubit, Math.Max(until, clock.Ready(qubit)), clock.IsExcited(qubit));
    }

    private void Extend(double time) => _makespan = Math.Max(_makespan, time);

    /// <summary>Per physical qubit: when it is free, up to when its relaxation has been inserted, and whether it may have left |0⟩.</summary>
    private sealed class QubitClocks
    {
        private readonly Dictionary<int, double> _ready = [];
        private readonly Dictionary<int, double> _noisedUntil = [];
        private readonly HashSet<int> _excited = [];

        public IEnumerable<int> Qubits => _ready.Keys;

        public double Ready(int qubit) => _ready.GetValueOrDefault(qubit);

        public double NoisedUntil(int qubit) => _noisedUntil.GetValueOrDefault(qubit);

        public bool IsExcited(int qubit) => _excited.Contains(qubit);

        /// <summary>The qubit is busy until <paramref name="time"/> and its noise is accounted up to then.</summary>
        public void Finish(int qubit, double time, bool excited)
        {
            _ready[qubit] = time;
            _noisedUntil[qubit] = time;
            if (excited)
            {
                _excited.Add(qubit);
            }
            else
            {
                _excited.Remove(qubit);
            }
        }

        /// <summary>A barrier keeps the qubit waiting until <paramref name="time"/>; its idle noise is added before its next operation.</summary>
        public void Hold(int qubit, double time) => _ready[qubit] = time;

        public QubitClocks Clone()
        {
            var copy = new QubitClocks();
            foreach (var (q, t) in _ready)
            {
                copy._ready[q] = t;
            }
            foreach (var (q, t) in _noisedUntil)
            {
                copy._noisedUntil[q] = t;
            }
            copy._excited.UnionWith(_excited);
            return copy;
        }
    }
}
