using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace QBroker.Storage;

/// <summary>
/// Group commit. Callers enqueue a unit of work and await it; one loop takes everything pending (up to a batch
/// limit), runs it in a single transaction and completes every caller when the commit is durable. Under load, a
/// thousand acknowledgements cost one fsync instead of a thousand; idle, a write costs one round trip as before.
/// If a batch fails, it is rolled back and each unit is retried alone, so one bad write fails only its caller.
/// </summary>
public sealed class WriteBatcher : IAsyncDisposable
{
    private readonly SqlDatabase _database;
    private readonly int _maxBatch;
    private readonly ILogger _logger;
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    internal WriteBatcher(SqlDatabase database, int maxBatch, ILogger logger)
    {
        _database = database;
        _maxBatch = Math.Max(1, maxBatch);
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Number of transactions committed so far (for tests and metrics: shows batching at work).</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    private long _committedBatches;

    /// <summary>
    /// Runs <paramref name="work"/> inside a batch transaction and returns its result once committed. The work must
    /// only use the given connection and transaction, and must be safe to run again after a rollback.
    /// </summary>
    public Task<T> ExecuteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work)
    {
        var pending = new PendingWrite<T>(work);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(WriteBatcher), "The store is shutting down; the write was not accepted.");
        }
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(_maxBatch);
        DbConnection? connection = null;
        try
        {
            while (await _pending.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (batch.Count < _maxBatch && _pending.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
                connection ??= await _database.OpenAsync(_stopping.Token).ConfigureAwait(false);
                try
                {
                    await CommitBatchAsync(connection, batch).ConfigureAwait(false);
                }
                catch (Exception batchError) when (batch.Count > 1 && batchError is not OperationCanceledException)
                {
                    _logger.LogWarning(batchError, "A batch of {Count} writes failed; retrying each write alone", batch.Count);
                    foreach (var single in batch)
                    {
                        await CommitAloneAsync(connection, single).ConfigureAwait(false);
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    batch[0].Fail(error);
                    // The connection may be broken; open a fresh one for the next batch.
                    await connection.DisposeAsync().ConfigureAwait(false);
                    connection = null;
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: whatever is still pending is failed below, never silently dropped.
        }
        finally
        {
            foreach (var unfinished in batch)
            {
                unfinished.Fail(new ObjectDisposedException(nameof(WriteBatcher), "The store shut down before the write committed."));
            }
            while (_pending.Reader.TryRead(out var left))
            {
                left.Fail(new ObjectDisposedException(nameof(WriteBatcher), "The store shut down before the write committed."));
            }
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task CommitBatchAsync(DbConnection connection, List<PendingWrite> batch)
    {
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var results = new object?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = await batch[i].RunAsync(connection, transaction).ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
        Interlocked.Increment(ref _committedBatches);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Succeed(results[i]);
        }
    }

    private async Task CommitAloneAsync(DbConnection connection, PendingWrite write)
    {
        try
        {
            await CommitBatchAsync(connection, [write]).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            write.Fail(error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        try
        {
            // Let queued writes finish before closing; a hard stop follows if they take too long.
            await _loop.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _stopping.Dispose();
    }

    private abstract class PendingWrite
    {
        public abstract Task<object?> RunAsync(DbConnection connection, DbTransaction transaction);

        public abstract void Succeed(object? result);

        public abstract void Fail(Exception error);
    }

    private sealed class PendingWrite<T>(Func<DbConnection, DbTransaction, Task<T>> work) : PendingWrite
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<object?> RunAsync(DbConnection connection, DbTransaction transaction) =>
            await work(connection, transaction).ConfigureAwait(false);

        public override void Succeed(object? result) => Completion.TrySetResult((T)result!);

        public override void Fail(Exception error) => Completion.TrySetException(error);
    }
}
