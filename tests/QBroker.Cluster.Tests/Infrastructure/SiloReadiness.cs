namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>Waits for a silo's /readyz, failing early when the silo has already died.</summary>
public static class SiloReadiness
{
    public static async Task WaitUntilReadyAsync(Uri baseAddress, TimeSpan timeout, Func<string?> exitedWith)
    {
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (exitedWith() is { } exit)
            {
                throw new InvalidOperationException($"The silo at {baseAddress} exited before it was ready: {exit}");
            }
            if (await IsReadyAsync(probe))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo at {baseAddress} was not ready within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The readiness answer: true for 200, false for 503, null when nothing answers.</summary>
    public static async Task<bool?> ProbeAsync(Uri baseAddress)
    {
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return (await probe.GetAsync("/readyz")).IsSuccessStatusCode;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// The status code of an authenticated API call (GET /api/v1/whoami) and, for a problem answer, its type; null
    /// when nothing answers.
    /// </summary>
    public static async Task<(int Status, string? ProblemType)?> ApiStatusAsync(Uri baseAddress, string key)
    {
        using var api = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        try
        {
            var response = await api.GetAsync("/api/v1/whoami");
            string? problemType = null;
            if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            {
                using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                problemType = problem.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
            }

            return ((int)response.StatusCode, problemType);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<bool> IsReadyAsync(HttpClient probe)
    {
        try
        {
            return (await probe.GetAsync("/readyz")).IsSuccessStatusCode;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
