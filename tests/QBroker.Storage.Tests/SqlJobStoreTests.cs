using QBroker.Storage.Tests.Infrastructure;
using QBroker.Contracts.Jobs;
using QBroker.Storage.Jobs;

namespace QBroker.Storage.Tests;

public sealed class SqlJobStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Inserted_job_reads_back_with_its_spec_and_first_transition(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new SqlJobStore(db.Database);
        var job = NewJob(T0, tags: ["bell", "demo"]);

        Assert.True(await store.InsertAsync(job, new JobTransition(null, JobState.Queued, T0, "submitted")));

        var read = await store.GetAsync(job.Id);
        Assert.NotNull(read);
        Assert.Equal(job.Spec.Payload, read.Spec.Payload);
        Assert.Equal(job.Spec.Tags, read.Spec.Tags);
        Assert.Equal(12.345678m, read.Spec.EstimatedCost);
        Assert.Equal(JobState.Queued, read.State);
        Assert.Equal(T0, read.CreatedAt);
        var transition = Assert.Single(await store.GetTransitionsAsync(job.Id));
        Assert.Null(transition.From);
        Assert.Equal(JobState.Queued, transition.To);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Inserting_the_same_id_twice_reports_the_duplicate_and_keeps_the_first(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new SqlJobStore(db.Database);
        var job = NewJob(T0);
        await store.InsertAsync(job, new JobTransition(null, JobState.Queued, T0, "submitted"));

        var second = job with { Spec = job.Spec with { Payload = "different" } };
        Assert.False(await store.InsertAsync(second, new JobTransition(null, JobState.Queued, T0, "submitted")));
        Assert.Equal(job.Spec.Payload, (await store.GetAsync(job.Id))!.Spec.Payload);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_records_transition_and_result_atomically_and_rejects_a_stale_version(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new SqlJobStore(db.Database);
        var job = NewJob(T0);
        await store.InsertAsync(job, new JobTransition(null, JobState.Queued, T0, "submitted"));
        var running = job with { State = JobState.Running, Attempts = 1, StartedAt = T0.AddSeconds(1), PlacedDeviceId = "local-sim", Version = 2 };
        await store.UpdateAsync(running, 1, new JobTransition(JobState.Queued, JobState.Running, T0.AddSeconds(1), "started", "127.0.0.1:11111@1"));
        var completed = running with { State = JobState.Completed, FinishedAt = T0.AddSeconds(2), Version = 3 };
        var result = new JobResult
        {
            JobId = job.Id,
            DeviceId = "local-sim",
            Counts = new Dictionary<string, long> { ["00"] = 510, ["11"] = 490 },
            Engine = "statevector",
            DeviceTime = TimeSpan.FromMilliseconds(12),
            CompletedAt = T0.AddSeconds(2),
        };
        await store.UpdateAsync(completed, 2, new JobTransition(JobState.Running, JobState.Completed, T0.AddSeconds(2), "done"), result);

        // A second writer still holding version 2 must not overwrite the completion.
        var stale = running with { State = JobState.Failed, Version = 3 };
        var error = await Assert.ThrowsAsync<StaleJobVersionException>(() =>
            store.UpdateAsync(stale, 2, new JobTransition(JobState.Running, JobState.Failed, T0.AddSeconds(3), "late")));
        Assert.Equal(2, error.ExpectedVersion);

        var read = await store.GetAsync(job.Id);
        Assert.Equal(JobState.Completed, read!.State);
        Assert.Equal(3, read.Version);
        var transitions = await store.GetTransitionsAsync(job.Id);
        Assert.Equal([JobState.Queued, JobState.Running, JobState.Completed], transitions.Select(t => t.To));
        Assert.Equal([null, "127.0.0.1:11111@1", null], transitions.Select(t => t.Silo));
        var stored = await store.GetResultAsync(job.Id);
        Assert.Equal(510, stored!.Counts["00"]);
        Assert.Equal(TimeSpan.FromMilliseconds(12), stored.DeviceTime);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Query_filters_by_owner_state_tag_device_and_time_and_pages_newest_first(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new SqlJobStore(db.Database);
        var jobs = Enumerable.Range(0, 25)
            .Select(i => NewJob(T0.AddMinutes(i), owner: i % 2 == 0 ? "alice" : "bob", device: i % 5 == 0 ? "ibm-brooklyn" : "local-sim", tags: i % 3 == 0 ? ["sweep"] : []))
            .ToList();
        await Task.WhenAll(jobs.Select(job => store.InsertAsync(job, new JobTransition(null, JobState.Queued, job.CreatedAt, "submitted"))));

        var seen = new List<Guid>();
        JobCursor? cursor = null;
        do
        {
            var page = await store.QueryAsync(new JobFilter { OwnerId = "alice", Limit = 5, After = cursor });
            Assert.All(page.Items, job => Assert.Equal("alice", job.Spec.OwnerId));
            seen.AddRange(page.Items.Select(job => job.Id));
            cursor = page.Next;
        }
        while (cursor is not null);
        var expected = jobs.Where(job => job.Spec.OwnerId == "alice").OrderByDescending(job => job.CreatedAt).Select(job => job.Id);
        Assert.Equal(expected, seen);

        var tagged = await store.QueryAsync(new JobFilter { Tag = "sweep", Limit = 100 });
        Assert.Equal(jobs.Count(job => job.Spec.Tags.Contains("sweep")), tagged.Items.Count);
        var onIbm = await store.QueryAsync(new JobFilter { DeviceId = "ibm-brooklyn", Limit = 100 });
        Assert.Equal(5, onIbm.Items.Count);
        var window = await store.QueryAsync(new JobFilter { Since = T0.AddMinutes(10), Until = T0.AddMinutes(15), Limit = 100 });
        Assert.Equal(5, window.Items.Count);
        Assert.Empty((await store.QueryAsync(new JobFilter { State = JobState.Completed })).Items);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LoadActive_returns_waiting_and_running_jobs_oldest_first_and_skips_terminal_ones(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new SqlJobStore(db.Database);
        var queued = NewJob(T0.AddSeconds(2));
        var running = NewJob(T0.AddSeconds(1));
        var done = NewJob(T0);
        foreach (var job in new[] { queued, running, done })
        {
            await store.InsertAsync(job, new JobTransition(null, JobState.Queued, job.CreatedAt, "submitted"));
        }
        await store.UpdateAsync(running with { State = JobState.Running, Version = 2 }, 1, new JobTransition(JobState.Queued, JobState.Running, T0, "started"));
        await store.UpdateAsync(done with { State = JobState.Cancelled, Version = 2 }, 1, new JobTransition(JobState.Queued, JobState.Cancelled, T0, "cancelled"));

        var active = await store.LoadActiveAsync();
        Assert.Equal([running.Id, queued.Id], active.Select(job => job.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_writes_share_transactions(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new SqlJobStore(db.Database);
        var before = db.Database.Writes.CommittedBatches;
        var jobs = Enumerable.Range(0, 400).Select(i => NewJob(T0.AddMilliseconds(i))).ToList();

        var inserted = await Task.WhenAll(jobs.Select(job => store.InsertAsync(job, new JobTransition(null, JobState.Queued, job.CreatedAt, "submitted"))));

        Assert.All(inserted, Assert.True);
        Assert.Equal(400, (await store.QueryAsync(new JobFilter { Limit = 500 })).Items.Count);
        // 400 writes issued at once cannot all have waited for their own commit: group commit batched them.
        Assert.True(db.Database.Writes.CommittedBatches - before < 400, $"{db.Database.Writes.CommittedBatches - before} commits for 400 writes");
    }

    [Fact]
    public void Cursor_round_trips_and_rejects_garbage()
    {
        var cursor = new JobCursor(T0, Guid.NewGuid());
        Assert.True(JobCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
        Assert.False(JobCursor.TryDecode("not a cursor!", out _));
        Assert.False(JobCursor.TryDecode(Convert.ToBase64String("12:zz"u8.ToArray()), out _));
    }

    internal static JobRecord NewJob(DateTimeOffset createdAt, string owner = "alice", string device = "local-sim", IReadOnlyList<string>? tags = null) => new()
    {
        Id = Guid.CreateVersion7(createdAt),
        CreatedAt = createdAt,
        State = JobState.Queued,
        Version = 1,
        Spec = new JobSpec
        {
            Kind = "circuit",
            Payload = "OPENQASM 2.0; qreg q[1];",
            Shots = 100,
            DeviceId = device,
            OwnerId = owner,
            InstitutionId = "skku",
            ProjectId = "skku-qec",
            Tags = tags ?? [],
            ContentHash = "h",
            EstimatedCost = 12.345678m,
        },
    };
}
