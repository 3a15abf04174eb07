using System.Net;
using System.Net.Http.Json;
using QBroker.Client.Api;

namespace QBroker.Silo.Tests;

[Collection(SharedSiloCollection.Name)]
public sealed class ClusterEndpointTests(SharedSilo shared)
{
    [Fact]
    public async Task An_operator_sees_that_the_only_silo_hosts_the_scheduler()
    {
        using var client = shared.Silo.Operator();

        var cluster = await client.GetFromJsonAsync<ClusterView>("/api/v1/cluster", Api.Json);

        Assert.Matches(@"^127\.0\.0\.1:\d+@\d+$", cluster!.Silo);
        Assert.Equal(cluster.Silo, cluster.Scheduler);
    }

    [Fact]
    public async Task A_researcher_is_refused_with_a_problem()
    {
        using var client = shared.Silo.Researcher("skku-jkim");

        using var response = await client.GetAsync("/api/v1/cluster");

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }
}
