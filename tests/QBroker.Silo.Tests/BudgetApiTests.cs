using System.Net;

namespace QBroker.Silo.Tests;

[Collection(SharedSiloCollection.Name)]
public sealed class BudgetApiTests(SharedSilo shared)
{
    [Fact]
    public async Task Over_budget_submissions_get_402_and_nearing_the_budget_warns()
    {
        // LG's pilot project has a budget of 100 credits; IonQ charges 0.30 per task plus 0.01 per shot.
        using var client = shared.Silo.Researcher("lge-wshin");
        var (status, _, body) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 10_000, device = "ionq-harmony" });
        Assert.Equal(HttpStatusCode.PaymentRequired, status);
        Assert.Equal("/problems/budget-exceeded", body.GetProperty("type").GetString());
        Assert.Contains("lge-materials", body.GetProperty("detail").GetString());

        var (accepted, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 8_000, device = "ionq-harmony" });
        Assert.Equal(HttpStatusCode.Accepted, accepted);
        Assert.Equal(80.30m, job!.EstimatedCost);
        Assert.Contains("lge-materials", job.BudgetWarning);

        // The rest of the budget is reserved by the queued job: even a small job no longer fits.
        var (refused, _, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 2_000, device = "ionq-harmony" });
        Assert.Equal(HttpStatusCode.PaymentRequired, refused);

        // Cancelling refunds the reservation (if the job has not already completed, its actual cost is charged).
        await client.PostAsync($"/api/v1/jobs/{job.Id}/cancel", null);
        var final = await Api.WaitForTerminalAsync(client, job.Id);
        var spent = final.ActualCost ?? 0m;
        var (afterCancel, _, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 100, device = "ionq-harmony" });
        Assert.Equal(spent + 1.30m <= 100m ? HttpStatusCode.Accepted : HttpStatusCode.PaymentRequired, afterCancel);
    }
}
