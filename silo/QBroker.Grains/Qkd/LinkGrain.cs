using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QBroker.Contracts.Qkd;
using QBroker.Grains.Telemetry;
using QBroker.Qkd.Authentication;
using QBroker.Qkd.Sessions;
using QBroker.Storage.GrainState;

namespace QBroker.Grains.Qkd;

/// <summary>
/// One QKD link. A grain timer runs a protocol block (off the grain's scheduler) whenever a pool has room and the
/// link time of the previous block has passed; the block's key, identical at both ends, is split between the two
/// directional pools. While both pools are full the link is still supervised: a block runs every
/// <see cref="QkdOptions.SupervisionPeriod"/>, and at the next tick after the eavesdropper changes or the grain
/// activates, so an attack shows (and the link stops serving key) without anyone drawing key first. Pools,
/// authentication key and configuration are written to the store after every change.
/// Key bytes are never logged. A deleted link wipes its pools and its stored state and stops; an activation for an
/// id the network does not know (a deleted link called by someone holding an old list) answers as unknown and
/// leaves at once, so it never creates state.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class LinkGrain(
    [PersistentState(stateName: "qkd-link", storageName: SqlGrainStorage.StorageName)] IPersistentState<LinkState> state,
    QkdNetwork network,
    IOptions<QkdOptions> options,
    TimeProvider time,
    ILogger<LinkGrain> logger) : Grain, ILinkGrain
{
    // The block runs while grain calls interleave (Draw must not wait 200 ms); this gate keeps writes one at a time.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private DirectionalKeyPool _aToB = null!;
    private DirectionalKeyPool _bToA = null!;
    private AuthenticationKeyPool _aliceAuthentication = null!;
    private AuthenticationKeyPool _bobAuthentication = null!;
    private IGrainTimer? _blockTimer;

    // Set under the write gate by Delete: a block or draw that was under way when the link was deleted then writes
    // nothing back, so no key material is stored again after the wipe.
    private bool _deleted;

    // The link is neither stored nor in the network: it was deleted (or never existed).
    private bool _unknown;

    // Run the next due block even if both pools are full: set when the eavesdropper changes and on activation (what
    // the link saw before may no longer hold), cleared when a block starts.
    private bool _superviseNow = true;

    private QkdOptions Options => options.Value;

    private LinkDefinition Definition => state.State.Definition!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Definition is null)
        {
            if (!network.TryGet(this.GetPrimaryKeyString(), out var definition))
            {
                // No timer and nothing in memory: the activation answers the calls waiting for it (a startup wipe's
                // Delete among them) and goes with the first that finds the link gone. Deactivating it here instead
                // would have Orleans forward those calls to a new activation that deactivates again, until it rejects
                // them.
                _unknown = true;
                return;
            }
            state.State.Definition = definition;
            state.State.AuthenticationKey = RandomNumberGenerator.GetBytes(Options.PreSharedSecretBytes);
            state.State.NextSeed = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
            await state.WriteStateAsync(cancellationToken);
        }
        _aToB = new DirectionalKeyPool(Options.PoolCapacityBytes, state.State.PoolAToB);
        _bToA = new DirectionalKeyPool(Options.PoolCapacityBytes, state.State.PoolBToA);
        _aliceAuthentication = new AuthenticationKeyPool(state.State.AuthenticationKey);
        _bobAuthentication = new AuthenticationKeyPool(state.State.AuthenticationKey);
        _blockTimer = this.RegisterGrainTimer(RunBlockAsync, new GrainTimerCreationOptions
        {
            DueTime = Options.BlockPeriod,
            Period = Options.BlockPeriod,
            Interleave = true,
        });
    }

    public Task<LinkSnapshot> GetSnapshot()
    {
        ThrowIfGone();
        return Task.FromResult(Snapshot());
    }

    public async Task<LinkSnapshot> SetEavesdropper(EavesdropperSpec? eavesdropper)
    {
        ThrowIfGone();
        if (eavesdropper is not null && LinkPhysics.Validate(eavesdropper) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(eavesdropper));
        }
        await _writeGate.WaitAsync();
        try
        {
            state.State.Eavesdropper = eavesdropper;
            await state.WriteStateAsync();
            _superviseNow = true;
        }
        finally
        {
            _writeGate.Release();
        }
        return Snapshot();
    }

    public async Task<byte[]?> Draw(string fromSite, int bytes)
    {
        if (_unknown || _deleted)
        {
            return null;
        }
        var pool = PoolFrom(fromSite);
        await _writeGate.WaitAsync();
        try
        {
            if (_deleted)
            {
                return null;
            }
            var drawn = pool.TryDraw(bytes);
            if (drawn is not null)
            {
                await PersistAsync();
            }
            return drawn;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task Delete()
    {
        if (_unknown)
        {
            // Nothing active, nothing stored in memory; a row left by an interrupted delete is removed all the same.
            await state.ClearStateAsync();
            return;
        }
        await _writeGate.WaitAsync();
        try
        {
            if (_deleted)
            {
                return;
            }
            _deleted = true;
            _blockTimer?.Dispose();
            _aToB.Clear();
            _bToA.Clear();
            _aliceAuthentication = new AuthenticationKeyPool([]);
            _bobAuthentication = new AuthenticationKeyPool([]);
            await state.ClearStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }
        this.DeactivateOnIdle();
    }

    private void ThrowIfGone()
    {
        if (_unknown || _deleted)
        {
            this.DeactivateOnIdle();
            throw new KeyNotFoundException($"There is no QKD link '{this.GetPrimaryKeyString()}'.");
        }
    }

    private DirectionalKeyPool PoolFrom(string site) =>
        site == Definition.SiteA ? _aToB
        : site == Definition.SiteB ? _bToA
        : throw new ArgumentException($"Link {Definition.Id} does not end at site '{site}'.", nameof(site));

    private async Task RunBlockAsync(CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        if (_deleted || now < state.State.NextBlockDueAt)
        {
            return;
        }
        var full = _aToB.IsFull && _bToA.IsFull;
        if (full && !_superviseNow && now < state.State.NextBlockDueAt + Options.SupervisionPeriod)
        {
            return;
        }
        _superviseNow = false;
        await RefreshAuthenticationKeyAsync();
        var configuration = LinkPhysics.Configuration(Definition, state.State.Eavesdropper);
        var seed = state.State.NextSeed;
        using var span = QBrokerTelemetry.StartQkdBlock(Definition.Id);
        var blockBits = Options.BlockKeyBits;
        // The session consumes authentication key from copies: a Draw interleaving with the block persists the pools
        // meanwhile and must not enumerate a pool the session is changing. The copies are adopted with the block.
        var alice = _aliceAuthentication.Copy();
        var bob = _bobAuthentication.Copy();
        // CPU-bound (tens to a couple of hundred ms): off the grain's scheduler so calls keep being served.
        var result = await Task.Run(() => new QkdSession(configuration).RunForKeyBits(seed, blockBits, alice, bob), cancellation);
        var report = result.Report;

        await _writeGate.WaitAsync(cancellation);
        try
        {
            if (_deleted)
            {
                CryptographicOperations.ZeroMemory(result.AliceKey);
                CryptographicOperations.ZeroMemory(result.BobKey);
                return;
            }
            _aliceAuthentication = alice;
            _bobAuthentication = bob;
            var aborted = report.Aborted || !result.AliceKey.AsSpan().SequenceEqual(result.BobKey);
            if (!aborted)
            {
                // Both ends hold the same key (AliceKey = BobKey): half serves each direction.
                var half = result.AliceKey.Length / 2;
                _aToB.Append(result.AliceKey.AsSpan(0, half));
                _bToA.Append(result.AliceKey.AsSpan(half));
                CryptographicOperations.ZeroMemory(result.AliceKey);
                CryptographicOperations.ZeroMemory(result.BobKey);
            }
            state.State.NextSeed = seed + 1;
            state.State.BlocksRun++;
            state.State.BlocksAborted += aborted ? 1 : 0;
            state.State.LastQber = report.SampleBits > 0 ? report.EstimatedQber : null;
            state.State.LastRateBitsPerSecond = aborted ? 0 : report.KeyRateBitsPerSecond;
            state.State.LastAbortReason = aborted ? (report.Aborted ? report.AbortReason.ToString() : "KeysDiffer") : null;
            state.State.NextBlockDueAt = time.GetUtcNow() + TimeSpan.FromSeconds(report.Pulses / Definition.ClockRateHz);
            await PersistAsync();
        }
        finally
        {
            _writeGate.Release();
        }
        QBrokerTelemetry.QkdBlockEnded(span, state.State.LastQber, state.State.LastRateBitsPerSecond, state.State.LastAbortReason);
        if (report.Aborted)
        {
            LogBlockAborted(Definition.Id, report.AbortReason, report.EstimatedQber);
        }
    }

    /// <summary>
    /// Aborted blocks spend authentication key without repaying it. Before the pre-shared reserve runs out, top it
    /// up from the link's own stored key (both ends take the same bytes), so a link under attack can recover once
    /// the attack stops.
    /// </summary>
    private async Task RefreshAuthenticationKeyAsync()
    {
        var floorBytes = Options.PreSharedSecretBytes / 4;
        if (_aliceAuthentication.AvailableBits / 8 >= floorBytes)
        {
            return;
        }
        await _writeGate.WaitAsync();
        try
        {
            if (_deleted)
            {
                return;
            }
            var source = _aToB.Count >= _bToA.Count ? _aToB : _bToA;
            if (source.Count == 0)
            {
                return;
            }
            var topUp = source.TryDraw(Math.Min(floorBytes, source.Count))!;
            _aliceAuthentication.Replenish(topUp);
            _bobAuthentication.Replenish(topUp);
            CryptographicOperations.ZeroMemory(topUp);
            await PersistAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private Task PersistAsync()
    {
        state.State.PoolAToB = _aToB.Snapshot();
        state.State.PoolBToA = _bToA.Snapshot();
        state.State.AuthenticationKey = _aliceAuthentication.Snapshot();
        return state.WriteStateAsync();
    }

    private LinkSnapshot Snapshot() => new(
        Definition,
        state.State.LastQber,
        state.State.LastRateBitsPerSecond,
        state.State.LastAbortReason,
        PoolSnapshot(_aToB, Definition.SiteA, Definition.SiteB),
        PoolSnapshot(_bToA, Definition.SiteB, Definition.SiteA),
        state.State.Eavesdropper,
        state.State.BlocksRun,
        state.State.BlocksAborted);

    private KeyPoolSnapshot PoolSnapshot(DirectionalKeyPool pool, string from, string to) =>
        new(from, to, pool.Count, pool.Capacity, pool.State(Options.LowFraction, Options.ReadyFraction));

    [LoggerMessage(Level = LogLevel.Information, Message = "QKD link {LinkId}: block aborted ({Reason}, estimated QBER {Qber:F4})")]
    private partial void LogBlockAborted(string linkId, AbortReason reason, double qber);
}
