using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using QBroker.Client.Api;

namespace QBroker.Client;

/// <summary>
/// Typed client of the QBroker HTTP API (<c>/api/v1</c>). Every non-success answer throws
/// <see cref="QBrokerApiException"/>; a request that gets no answer throws <see cref="QBrokerConnectionException"/>.
/// Thread-safe: share one instance (and so one connection pool) across callers.
/// </summary>
/// <param name="http">
/// A client whose <see cref="HttpClient.BaseAddress"/> is the server root (e.g. <c>http://127.0.0.1:5080/</c>) and
/// which already sends the <c>Authorization</c> header. The caller keeps ownership of it.
/// </param>
public sealed class QBrokerClient(HttpClient http) : IDisposable
{
    /// <summary>How long one request may take when the client builds its own <see cref="HttpClient"/>.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads (and submissions with a client token, which are idempotent) are retried while the server answers 503
    /// with Retry-After, at most this many attempts in all; other writes never are, since sending them again could
    /// do the work twice.
    /// </summary>
    private const int MaxAttemptsWhileUnavailable = 10;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));

    // Requests use absolute URIs built from this, so the caller's HttpClient is never mutated; the trailing slash
    // keeps a path prefix (a server behind /qbroker/) from being replaced by the relative path.
    private readonly Uri _baseAddress = WithTrailingSlash(
        http?.BaseAddress ?? throw new ArgumentException("The HttpClient needs a BaseAddress (the QBroker server root).", nameof(http)));

    private readonly bool _ownsHttp;

    /// <summary>A client with its own connection pool for <paramref name="baseUrl"/>, authenticated by <paramref name="token"/>.</summary>
    public QBrokerClient(Uri baseUrl, string token, TimeSpan? requestTimeout = null)
        : this(CreateHttpClient(baseUrl, token, requestTimeout ?? DefaultRequestTimeout))
    {
        _ownsHttp = true;
    }

    /// <summary>The server root every request is relative to.</summary>
    public Uri BaseAddress => _baseAddress;

    /// <summary>
    /// Builds an <see cref="HttpClient"/> for the API: pooled connections recycled every few minutes (so DNS changes
    /// are seen), the bearer token and JSON accept header on every request.
    /// </summary>
    public static HttpClient CreateHttpClient(Uri baseUrl, string token, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{baseUrl}' is not an http or https URL.", nameof(baseUrl));
        }

        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        };
        var client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = WithTrailingSlash(baseUrl),
            Timeout = requestTimeout,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("qbroker-client", typeof(QBrokerClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        return client;
    }

    /// <summary>
    /// <c>POST /api/v1/jobs</c>. A resubmission with a known client token returns the first job with
    /// <c>Duplicate = true</c>; that is also why a submission with a client token, and only one with it, is retried
    /// when the server answers 503 with Retry-After.
    /// </summary>
    public Task<JobView> SubmitJobAsync(SubmitJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(
            HttpMethod.Post,
            "api/v1/jobs",
            () => JsonContent.Create(request, QBrokerJsonContext.Default.SubmitJobRequest),
            retryWhenUnavailable: request.ClientToken is not null,
            QBrokerJsonContext.Default.JobView,
            cancellationToken);
    }

    /// <summary><c>GET /api/v1/jobs/{id}</c>.</summary>
    public Task<JobView> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync(JobPath(id), QBrokerJsonContext.Default.JobView, cancellationToken);

    /// <summary><c>GET /api/v1/jobs</c>: one page, newest first; pass <see cref="JobPage.NextCursor"/> back as <see cref="JobQuery.Cursor"/>.</summary>
    public Task<JobPage> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/jobs" + JobQueryString.Format(query), QBrokerJsonContext.Default.JobPage, cancellationToken);

    /// <summary><c>GET /api/v1/jobs/{id}/result</c>; the server answers 409 while the job has not completed.</summary>
    public Task<JobResultView> GetResultAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync(JobPath(id) + "/result", QBrokerJsonContext.Default.JobResultView, cancellationToken);

    /// <summary><c>POST /api/v1/jobs/{id}/cancel</c>; the server answers 409 when the job is already terminal.</summary>
    public Task<JobView> CancelJobAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, JobPath(id) + "/cancel", null, retryWhenUnavailable: false, QBrokerJsonContext.Default.JobView, cancellationToken);

    /// <summary><c>GET /api/v1/devices</c>.</summary>
    public Task<IReadOnlyList<DeviceView>> GetDevicesAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/devices", QBrokerJsonContext.Default.IReadOnlyListDeviceView, cancellationToken);

    /// <summary><c>GET /api/v1/devices/{id}</c>.</summary>
    public Task<DeviceView> GetDeviceAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/devices/" + EscapeId(id), QBrokerJsonContext.Default.DeviceView, cancellationToken);

    /// <summary><c>GET /api/v1/usage</c>: the fair-share tree with decayed usage, factors and budgets.</summary>
    public Task<UsageView> GetUsageAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/usage", QBrokerJsonContext.Default.UsageView, cancellationToken);

    /// <summary><c>GET /api/v1/whoami</c>: the principal behind the token; the cheapest way to validate a key.</summary>
    public Task<WhoAmI> WhoAmIAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/whoami", QBrokerJsonContext.Default.WhoAmI, cancellationToken);

    /// <summary><c>GET /api/v1/qkd/links</c>, ordered by id.</summary>
    public Task<IReadOnlyList<QkdLinkView>> GetQkdLinksAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/qkd/links", QBrokerJsonContext.Default.IReadOnlyListQkdLinkView, cancellationToken);

    /// <summary><c>GET /api/v1/qkd/links/{id}</c>.</summary>
    public Task<QkdLinkView> GetQkdLinkAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync(QkdLinkPath(id), QBrokerJsonContext.Default.QkdLinkView, cancellationToken);

    /// <summary><c>POST /api/v1/qkd/links</c> (operators); the server answers 409 when the id is taken.</summary>
    public Task<QkdLinkView> CreateQkdLinkAsync(CreateQkdLinkRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(
            HttpMethod.Post,
            "api/v1/qkd/links",
            () => JsonContent.Create(request, QBrokerJsonContext.Default.CreateQkdLinkRequest),
            retryWhenUnavailable: false,
            QBrokerJsonContext.Default.QkdLinkView,
            cancellationToken);
    }

    /// <summary>
    /// <c>PATCH /api/v1/qkd/links/{id}</c>: puts <paramref name="eavesdropper"/> on the link, or removes the one there
    /// (null). Setting a value is idempotent, so it is retried while the server is briefly unavailable.
    /// </summary>
    public Task<QkdLinkView> SetQkdEavesdropperAsync(string id, QkdEavesdropperView? eavesdropper, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Patch,
            QkdLinkPath(id),
            () => JsonContent.Create(new QkdLinkPatch(eavesdropper), QBrokerJsonContext.Default.QkdLinkPatch),
            retryWhenUnavailable: true,
            QBrokerJsonContext.Default.QkdLinkView,
            cancellationToken);

    /// <summary><c>DELETE /api/v1/qkd/links/{id}</c> (operators): stops the link and wipes its key; 404 when unknown.</summary>
    public async Task DeleteQkdLinkAsync(string id, CancellationToken cancellationToken = default)
    {
        var requestUri = new Uri(_baseAddress, QkdLinkPath(id));
        using var response = await SendOnceAsync(HttpMethod.Delete, requestUri, null, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            throw new QBrokerApiException(response.StatusCode, problem, requestUri);
        }
    }

    /// <summary>
    /// Polls the job every <paramref name="pollInterval"/> until it reaches a terminal state and returns that view.
    /// <paramref name="onUpdate"/> is called with the first view and then whenever state, placement, queue position,
    /// estimated start or attempt count changed (see <see cref="JobProgress.HasChanged"/>). The first failed poll
    /// ends the wait with its exception.
    /// </summary>
    public Task<JobView> WaitForTerminalAsync(
        string id,
        TimeSpan pollInterval,
        Action<JobView>? onUpdate = null,
        CancellationToken cancellationToken = default) =>
        WaitForTerminalAsync(id, pollInterval, TimeSpan.Zero, onUpdate, cancellationToken);

    /// <summary>
    /// As <see cref="WaitForTerminalAsync(string, TimeSpan, Action{JobView}?, CancellationToken)"/>, but rides out
    /// a server that is unreachable or answers 502/503/504 (a silo restarting, a proxy between pods) for up to
    /// <paramref name="outageTolerance"/> in a row before giving up with the last failure. Accepted jobs survive a
    /// silo restart, so a watcher should too.
    /// </summary>
    public async Task<JobView> WaitForTerminalAsync(
        string id,
        TimeSpan pollInterval,
        TimeSpan outageTolerance,
        Action<JobView>? onUpdate,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(outageTolerance, TimeSpan.Zero);
        JobView? previous = null;
        long? outageStarted = null;
        while (true)
        {
            JobView current;
            try
            {
                current = await GetJobAsync(id, cancellationToken).ConfigureAwait(false);
                outageStarted = null;
            }
            catch (Exception e) when (IsOutage(e) && !cancellationToken.IsCancellationRequested)
            {
                outageStarted ??= Environment.TickCount64;
                if (Environment.TickCount64 - outageStarted.Value >= outageTolerance.TotalMilliseconds)
                {
                    throw;
                }

                await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (JobProgress.HasChanged(previous, current))
            {
                onUpdate?.Invoke(current);
            }

            if (JobStates.IsTerminal(current.State))
            {
                return current;
            }

            previous = current;
            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Failures that say nothing about the job: the server (or the way to it) is briefly gone.</summary>
    private static bool IsOutage(Exception e) => e switch
    {
        QBrokerConnectionException => true,
        QBrokerApiException api => api.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        _ => false,
    };

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private Task<T> GetAsync<T>(string relativePath, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, relativePath, null, retryWhenUnavailable: true, responseType, cancellationToken);

    /// <param name="body">Creates the request body afresh for each attempt (a sent request disposes its content).</param>
    /// <param name="retryWhenUnavailable">Whether sending again cannot do the work twice: reads, and idempotent writes.</param>
    private async Task<T> SendAsync<T>(
        HttpMethod method,
        string relativePath,
        Func<HttpContent>? body,
        bool retryWhenUnavailable,
        JsonTypeInfo<T> responseType,
        CancellationToken cancellationToken)
    {
        var requestUri = new Uri(_baseAddress, relativePath);
        for (var attempt = 1; ; attempt++)
        {
            using var response = await SendOnceAsync(method, requestUri, body?.Invoke(), cancellationToken).ConfigureAwait(false);
            if (retryWhenUnavailable && attempt < MaxAttemptsWhileUnavailable && RetryDelay(response) is { } delay)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
                throw new QBrokerApiException(response.StatusCode, problem, requestUri);
            }

            try
            {
                var value = await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
                return value ?? throw new InvalidDataException($"QBroker at {requestUri} answered with an empty body.");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"QBroker at {requestUri} answered with JSON this client cannot read: {e.Message}", e);
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri requestUri, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, requestUri) { Content = content };
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new QBrokerConnectionException(requestUri, InnermostMessage(e), e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation the caller did not ask for.
            throw new QBrokerConnectionException(requestUri, $"no answer within {_http.Timeout.TotalSeconds:0.#} s", e);
        }
    }

    /// <summary>
    /// How long to wait before asking again, when the server says it is briefly unavailable (503 with Retry-After,
    /// as a silo answers while it recovers its queue after a restart); null when the answer is final.
    /// </summary>
    private static TimeSpan? RetryDelay(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.Zero);
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var fallback = new ApiProblem { Status = (int)response.StatusCode, Title = response.ReasonPhrase };
        if (mediaType is null || !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return fallback;
        }

        try
        {
            var problem = await response.Content.ReadFromJsonAsync(QBrokerJsonContext.Default.ApiProblem, cancellationToken).ConfigureAwait(false);
            return problem is null ? fallback : problem with { Status = problem.Status ?? (int)response.StatusCode };
        }
        catch (JsonException)
        {
            // A proxy or a crashed handler may label any text as JSON; the status line still says what happened.
            return fallback;
        }
    }

    private static string JobPath(string id) => "api/v1/jobs/" + EscapeId(id);

    private static string QkdLinkPath(string id) => "api/v1/qkd/links/" + EscapeId(id);

    private static string EscapeId(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Uri.EscapeDataString(id);
    }

    private static string InnermostMessage(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
