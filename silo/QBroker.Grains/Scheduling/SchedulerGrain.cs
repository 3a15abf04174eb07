using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QBroker.Contracts.Accounting;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Devices;
using QBroker.Grains.Jobs;
using QBroker.Grains.Telemetry;
using QBroker.Storage.Accounts;
using QBroker.Storage.Jobs;
using QBroker.Storage.Ledger;

namespace QBroker.Grains.Scheduling;

/// <summary>
/// Coordinates the <see cref="SchedulingCore"/>: feeds it submissions, freed slots and device changes, hands its
/// decisions to device grains, and delays retries. On activation it rebuilds everything from the store: the
/// fair-share tree from the accounts, decayed usage from the ledger's charges, waiting jobs from the job table, and
/// running jobs that no device reports any more (their process died) are sent back through their job grain, which
/// records why.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class SchedulerGrain(
    IJobStore store,
    ILedgerStore ledger,
    IAccountStore accounts,
    DeviceRegistry devices,
    TimeProvider time,
    IOptions<BrokerOptions> options,
    ILogger<SchedulerGrain> logger) : Grain, ISchedulerGrain
{
    /// <summary>Usage older than this many half-lives weighs under 0.1 % and is not loaded.</summary>
    private const int UsageHorizonHalfLives = 10;

    private readonly List<(DateTimeOffset DueAt, WaitingJob Job, string FailedOn)> _delayed = [];
    private readonly HashSet<string> _rebuiltFor = new(StringComparer.Ordinal);
    private SchedulingCore _core = null!;
    private RecoveryReport _recovery = new(0, 0, 0);
    private IGrainTimer? _retryTimer;
    private (SchedulingCore? Core, long Version) _publishedQueues;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var statuses = new List<(string, int, DeviceStatus)>();
        var reportedRunning = new HashSet<Guid>();
        foreach (var device in devices.All)
        {
            // A device that does not answer (its silo is gone) counts as online and running nothing: its executions
            // are requeued below, and its next activation reports its real status.
            var snapshot = await TrySnapshotAsync(device.Model.Id);
            statuses.Add((device.Model.Id, device.Slots, snapshot?.Status ?? DeviceStatus.Online));
            reportedRunning.UnionWith(snapshot?.Running ?? []);
        }
        var tree = await BuildTreeAsync(now);
        _core = new SchedulingCore(tree, options.Value.Priority, statuses);

        int requeued = 0, recovered = 0, stillRunning = 0;
        foreach (var job in await store.LoadActiveAsync())
        {
            var waiting = ToWaiting(JobGrain.QueueEntryFor(job, options.Value.DeviceTimeScale));
            if (!waiting.Devices.Any(_core.KnowsDevice))
            {
                LogUnknownDevice(job.Id, string.Join(", ", waiting.Devices));
                continue;
            }
            if (job.State.IsWaiting())
            {
                _core.Enqueue(waiting, now);
                requeued++;
            }
            else if (reportedRunning.Contains(job.Id) && job.PlacedDeviceId is { } placed && _core.KnowsDevice(placed))
            {
                _core.MarkRunning(placed, waiting, job.StartedAt ?? now);
                stillRunning++;
            }
            else
            {
                var back = await GrainFactory.GetGrain<IJobGrain>(job.Id)
                    .RecoverLostExecution($"execution on {job.PlacedDeviceId ?? "a device"} was lost (its silo stopped); requeued");
                if (back is not null)
                {
                    _core.Enqueue(ToWaiting(JobGrain.QueueEntryFor(back, options.Value.DeviceTimeScale)), now);
                    recovered++;
                }
            }
        }
        _recovery = new RecoveryReport(requeued, recovered, stillRunning);
        LogRecovered(requeued, recovered, stillRunning);
        StartReconciling();
        this.RegisterGrainTimer(PublishQueues, QueueSnapshotBoard.PublishInterval, QueueSnapshotBoard.PublishInterval);
        await DispatchAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        QueueSnapshotBoard.Withdraw(this);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<QueueTicket> Enqueue(QueueEntry entry)
    {
        var job = ToWaiting(entry);
        if (!_core.Tree.Contains(job.LeafId) && _rebuiltFor.Add(job.LeafId))
        {
            // A researcher or project created after this activation: rebuild the tree once for it (usage carries
            // over through the ledger).
            await RebuildAsync();
        }
        var now = time.GetUtcNow();
        if (_core.Enqueue(job, now))
        {
            await DispatchAsync();
        }
        return _core.Ticket(entry.JobId, now) ?? new QueueTicket(entry.JobId, entry.Devices[0], 0, now);
    }

    public Task Remove(Guid jobId)
    {
        if (!_core.Remove(jobId))
        {
            _delayed.RemoveAll(delayed => delayed.Job.JobId == jobId);
        }
        return Task.CompletedTask;
    }

    public async Task<Guid?> SlotFreed(string deviceId, Guid jobId, SlotRelease release)
    {
        var now = time.GetUtcNow();
        var finished = _core.Finish(deviceId, jobId);
        if (finished is not null)
        {
            if (release.Ended)
            {
                _core.Settle(finished, (double)release.Charged, now);
            }
            else if (release.Requeue)
            {
                DelayRetry(finished, deviceId, release.Attempt, now);
            }
        }
        Guid? next = _core.TryStartNext(deviceId, now, out var started) ? started.JobId : null;
        // A requeued job may fit another device that is idle right now.
        await DispatchAsync(except: deviceId);
        return next;
    }

    public Task<QueueTicket?> GetTicket(Guid jobId) => Task.FromResult(_core.Ticket(jobId, time.GetUtcNow()));

    public Task<IReadOnlyList<DeviceQueueStats>> GetDeviceQueues() => Task.FromResult(_core.Stats());

    public Task<RecoveryReport> EnsureRecovered() => Task.FromResult(_recovery);

    public async Task DeviceChanged(string deviceId, DeviceStatus status)
    {
        _core.SetStatus(deviceId, status, time.GetUtcNow());
        await DispatchAsync();
    }

    public Task<IReadOnlyList<FairShareLine>> GetFairShare() =>
        Task.FromResult<IReadOnlyList<FairShareLine>>([.. _core.Tree.Report(time.GetUtcNow()).Nodes.Select(node => new FairShareLine(
            node.Id, node.ParentId, node.RawShares, node.NormalizedShare, node.DecayedUsage, node.NormalizedUsage, node.EffectiveUsage, node.Factor))]);

    /// <summary>Gives every idle device slot its best job. Device.Assign interleaves and returns at once: no deadlock.</summary>
    private async Task DispatchAsync(string? except = null)
    {
        var now = time.GetUtcNow();
        List<Task>? assignments = null;
        foreach (var deviceId in _core.DevicesReadyToTake())
        {
            if (deviceId == except)
            {
                continue;
            }
            while (_core.TryStartNext(deviceId, now, out var next))
            {
                (assignments ??= []).Add(GrainFactory.GetGrain<IDeviceGrain>(deviceId).Assign(next.JobId));
            }
        }
        if (assignments is not null)
        {
            await Task.WhenAll(assignments);
        }
    }

    /// <summary>
    /// Hands the queue gauges a snapshot when the queues changed and a metrics reader listens: at most one per
    /// <see cref="QueueSnapshotBoard.PublishInterval"/>, however many jobs come and go, and none when telemetry is off.
    /// </summary>
    private Task PublishQueues()
    {
        if (QueueSnapshotBoard.IsObserved && (_publishedQueues.Core != _core || _publishedQueues.Version != _core.QueueVersion))
        {
            QueueSnapshotBoard.Publish(this, _core.QueueSnapshot(time.GetUtcNow()));
            _publishedQueues = (_core, _core.QueueVersion);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Exponential backoff before a retried job waits for a device again; then it waits on its other eligible devices
    /// first (<see cref="SchedulingCore.Requeue"/>), judged by their status when the backoff ends.
    /// </summary>
    private void DelayRetry(WaitingJob job, string failedOn, int attempt, DateTimeOffset now)
    {
        var backoff = options.Value.RetryBackoff * Math.Pow(2, Math.Max(0, attempt - 1));
        if (backoff > options.Value.MaxRetryBackoff)
        {
            backoff = options.Value.MaxRetryBackoff;
        }
        if (backoff <= TimeSpan.Zero)
        {
            _core.Requeue(job, failedOn, now);
            return;
        }
        _delayed.Add((now + backoff, job, failedOn));
        _retryTimer ??= this.RegisterGrainTimer(ReleaseDueRetriesAsync, new GrainTimerCreationOptions(backoff, TimeSpan.FromMilliseconds(250)) { Interleave = false });
    }

    private async Task ReleaseDueRetriesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = _delayed.Where(delayed => delayed.DueAt <= now).ToList();
        foreach (var delayed in due)
        {
            _delayed.Remove(delayed);
            _core.Requeue(delayed.Job, delayed.FailedOn, now);
        }
        if (_delayed.Count == 0)
        {
            _retryTimer?.Dispose();
            _retryTimer = null;
        }
        if (due.Count > 0)
        {
            await DispatchAsync();
        }
    }

    /// <summary>Replaces the tree and moves every waiting, delayed and running job into a new core.</summary>
    private async Task RebuildAsync()
    {
        var now = time.GetUtcNow();
        var tree = await BuildTreeAsync(now);
        var old = _core;
        _core = new SchedulingCore(tree, options.Value.Priority, old.Devices);
        foreach (var job in old.Waiting)
        {
            _core.Enqueue(job, now);
        }
        foreach (var (deviceId, job, startedAt) in old.Running)
        {
            _core.MarkRunning(deviceId, job, startedAt);
        }
        LogRebuilt();
    }

    /// <summary>
    /// program → institution → project → (project, researcher) leaf, with the decayed charges of the ledger. A
    /// researcher in two projects is two leaves: usage is charged where the work was charged.
    /// </summary>
    private async Task<FairShareTree> BuildTreeAsync(DateTimeOffset now)
    {
        var snapshot = await accounts.LoadAsync();
        var nodes = new List<FairShareNode> { new(FairShareLeaves.Root, null, 1) };
        nodes.AddRange(snapshot.Institutions.Select(i => new FairShareNode(FairShareLeaves.Institution(i.Id), FairShareLeaves.Root, i.Shares)));
        var institutions = snapshot.Institutions.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var projects = snapshot.Projects.Where(p => institutions.Contains(p.InstitutionId)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        nodes.AddRange(projects.Values.Select(p => new FairShareNode(FairShareLeaves.Project(p.Id), FairShareLeaves.Institution(p.InstitutionId), p.Shares)));
        foreach (var researcher in snapshot.Researchers)
        {
            foreach (var projectId in researcher.ProjectIds.Where(projects.ContainsKey))
            {
                nodes.Add(new FairShareNode(FairShareLeaves.Leaf(projectId, researcher.Id), FairShareLeaves.Project(projectId), researcher.Shares));
            }
        }
        var tree = new FairShareTree(nodes, options.Value.FairShare);
        var halfLife = options.Value.FairShare.HalfLife;
        var since = halfLife > TimeSpan.Zero ? now - (halfLife * UsageHorizonHalfLives) : DateTimeOffset.MinValue;
        foreach (var charge in await ledger.QueryAsync(new LedgerQuery { Kind = LedgerKind.Charge, From = since }))
        {
            var leaf = FairShareLeaves.Leaf(charge.ProjectId, charge.ResearcherId);
            if (tree.Contains(leaf) && charge.Amount != 0)
            {
                tree.AddUsage(leaf, (double)charge.Amount, charge.At);
            }
        }
        return tree;
    }

    private static WaitingJob ToWaiting(QueueEntry entry) =>
        new(entry.JobId, FairShareLeaves.Leaf(entry.ProjectId, entry.OwnerId), entry.Devices, entry.Priority, entry.EnqueuedAt,
            entry.EstimatedDuration, (double)entry.EstimatedCost)
        { DurationOnDevice = entry.DurationOnDevice };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} targets unknown devices {Devices}; left out of the queue")]
    private partial void LogUnknownDevice(Guid jobId, string devices);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler recovered: {Requeued} waiting, {Recovered} lost executions requeued, {StillRunning} still running")]
    private partial void LogRecovered(int requeued, int recovered, int stillRunning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler rebuilt its fair-share tree after an account change")]
    private partial void LogRebuilt();
}
