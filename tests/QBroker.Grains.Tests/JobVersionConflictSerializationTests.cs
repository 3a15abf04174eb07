using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using QBroker.Contracts.Jobs;

namespace QBroker.Grains.Tests;

/// <summary>
/// The job grain's version conflict crosses silos as a grain-call exception: Orleans must be able to serialize it
/// (a type without a codec fails the whole response, as the three-silo rolling restart once showed).
/// </summary>
public sealed class JobVersionConflictSerializationTests
{
    [Fact]
    public void A_version_conflict_survives_an_Orleans_round_trip_with_its_type_and_message()
    {
        using var services = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(JobVersionConflictException).Assembly))
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        Exception original = new JobVersionConflictException("Job 42 is no longer at version 3; another writer changed it.");
        var copy = serializer.Deserialize<Exception>(serializer.SerializeToArray(original));

        var conflict = Assert.IsType<JobVersionConflictException>(copy);
        Assert.Equal(original.Message, conflict.Message);
    }
}
