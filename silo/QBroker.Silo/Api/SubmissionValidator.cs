using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using QBroker.Backends;
using QBroker.Backends.Qkd;
using QBroker.Client.Api;
using QBroker.Contracts.Jobs;
using QBroker.Grains.Devices;
using QBroker.Qasm;
using QBroker.Silo.Accounts;
using QBroker.Silo.Auth;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Api;

/// <summary>A submission that passed every check: the job id to use and the spec to record.</summary>
public sealed record AcceptedSubmission(Guid JobId, JobSpec Spec);

/// <summary>
/// Checks a submission completely before anything is stored: caller, fields, the circuit itself, and that the
/// chosen (or some eligible) device can run it. Either returns the spec to record or says exactly what is wrong.
/// </summary>
public sealed class SubmissionValidator(AccountDirectory accounts, DeviceRegistry devices)
{
    public const int MaxTags = 16;
    public const int MaxTagLength = 64;
    public const int MaxClientTokenLength = 128;
    public const int MaxNameLength = 200;
    public const int MinPriority = -10;
    public const int MaxPriority = 10;

    /// <summary>The default optimisation goal: soonest completion.</summary>
    private const string TimeGoal = "time";

    public (AcceptedSubmission? Accepted, ApiError? Error) Validate(SubmitJobRequest request, Caller caller)
    {
        if (caller.Role != Role.Researcher)
        {
            return Reject(ApiError.Forbidden("Jobs are submitted with a researcher's key; this key belongs to an admin or operator."));
        }
        var researcher = accounts.FindResearcher(caller.SubjectId);
        if (researcher is null)
        {
            return Reject(ApiError.Forbidden($"The researcher '{caller.SubjectId}' of this key no longer exists."));
        }
        var kind = request.Kind ?? WorkloadCompiler.CircuitKind;
        if (!WorkloadCompiler.Kinds.Contains(kind))
        {
            return Reject(ApiError.Invalid("kind", $"Unknown job kind '{kind}'. Known kinds: {string.Join(", ", WorkloadCompiler.Kinds)}."));
        }
        var qkd = kind == WorkloadCompiler.QkdKind;
        if (qkd ? request.Qasm is not null : request.Experiment is not null)
        {
            return Reject(ApiError.Invalid(qkd ? "qasm" : "experiment", qkd ? "A qkd job takes an 'experiment', not 'qasm'." : $"'experiment' belongs to qkd jobs, not {kind} jobs."));
        }
        var payload = qkd ? (request.Experiment is { ValueKind: JsonValueKind.Object } experiment ? experiment.GetRawText() : null) : request.Qasm;
        if (string.IsNullOrWhiteSpace(payload))
        {
            return Reject(qkd
                ? ApiError.MissingField("experiment", "The field 'experiment' (a JSON object: protocol, link, pulses, seed, sweep... see docs/qkd-job-format.md) is required.")
                : ApiError.MissingField("qasm", "The field 'qasm' (the OpenQASM source of the circuit) is required."));
        }
        if (qkd && request.Shots is not (null or 1))
        {
            return Reject(ApiError.Invalid("shots", $"A qkd job is one experiment: leave out shots or give 1 (got {request.Shots}); use a sweep for several sessions."));
        }
        if ((qkd ? 1 : request.Shots) is not { } shots)
        {
            return Reject(ApiError.MissingField("shots", "The field 'shots' is required."));
        }
        if (shots < 1)
        {
            return Reject(ApiError.Invalid("shots", $"shots must be at least 1 (got {shots})."));
        }
        var priority = request.Priority ?? 0;
        if (priority is < MinPriority or > MaxPriority)
        {
            return Reject(ApiError.Invalid("priority", $"priority must be between {MinPriority} and {MaxPriority} (got {priority})."));
        }
        var tags = request.Tags ?? [];
        if (tags.Count > MaxTags || tags.Any(tag => !IsValidTag(tag)))
        {
            return Reject(ApiError.Invalid("tags", $"At most {MaxTags} tags of 1 to {MaxTagLength} characters from letters, digits and . _ : - are allowed."));
        }
        if (request.ClientToken is { Length: 0 or > MaxClientTokenLength })
        {
            return Reject(ApiError.Invalid("clientToken", $"clientToken must have 1 to {MaxClientTokenLength} characters."));
        }
        if (request.Name is { Length: > MaxNameLength })
        {
            return Reject(ApiError.Invalid("name", $"name may have at most {MaxNameLength} characters."));
        }
        var projectId = request.Project ?? researcher.ProjectIds.FirstOrDefault();
        if (projectId is null || !researcher.ProjectIds.Contains(projectId))
        {
            return Reject(ApiError.Forbidden(projectId is null
                ? $"Researcher '{researcher.Id}' belongs to no project to charge."
                : $"Researcher '{researcher.Id}' is not a member of project '{projectId}'."));
        }
        if (request.Device is not null && request.Requirements is not null)
        {
            return Reject(ApiError.Invalid("device", "Give either a device or requirements, not both."));
        }

        Workload workload;
        try
        {
            workload = WorkloadCompiler.Compile(kind, payload);
        }
        catch (QasmException error)
        {
            return Reject(ApiError.MalformedQasm(error.Error.Line, error.Error.Column, error.Error.Message));
        }
        catch (QkdExperimentFormatException error)
        {
            return Reject(ApiError.Invalid("experiment", $"Invalid QKD experiment: {error.Message}"));
        }

        var (eligible, deviceError) = request.Device is { } deviceId
            ? CheckNamedDevice(deviceId, workload, shots)
            : ChooseDevices(request.Requirements ?? new JobRequirements(), workload, shots);
        if (deviceError is not null)
        {
            return Reject(deviceError);
        }
        // The job may run on any eligible device: reserve and plan for the most expensive and slowest of them.
        var deviceTimes = eligible!.Select(d => d.Backend.EstimateDeviceTime(workload, shots)).ToList();
        var deviceTime = deviceTimes.Max();
        var cost = eligible!.Select((d, i) => d.Model.Price.EstimateCost(deviceTimes[i], shots)).Max();
        // The scheduler places a soonest-completion job by its time on each device, once it knows their queues.
        var bySoonestCompletion = request.Requirements is not null && (request.Requirements.Optimize ?? TimeGoal) == TimeGoal && eligible!.Count > 1;
        var requirements = request.Requirements is { } given
            ? new DeviceRequirements { MinQubits = given.MinQubits, DeviceKind = given.DeviceKind, Providers = given.Providers, Optimize = given.Optimize }
            : null;
        var spec = new JobSpec
        {
            Kind = kind,
            Payload = payload,
            Shots = shots,
            DeviceId = request.Device,
            EligibleDevices = [.. eligible!.Select(d => d.Model.Id)],
            Requirements = requirements,
            OwnerId = researcher.Id,
            InstitutionId = researcher.InstitutionId,
            ProjectId = projectId,
            Priority = priority,
            Tags = [.. tags],
            ClientToken = request.ClientToken,
            Name = request.Name,
            ContentHash = string.Empty,
            EstimatedCost = cost,
            EstimatedDeviceTime = deviceTime,
            EligibleDeviceTimes = bySoonestCompletion ? deviceTimes : [],
        };
        spec = spec with { ContentHash = ContentHash(spec, request.Device) };
        var jobId = request.ClientToken is { } token ? JobIdForToken(researcher.Id, token) : Guid.CreateVersion7();
        return (new AcceptedSubmission(jobId, spec), null);
    }

    /// <summary>
    /// The id of a job submitted with a client token: a hash of owner and token, so every retry of the same
    /// submission reaches the same job grain, which then answers whether it already exists.
    /// </summary>
    public static Guid JobIdForToken(string ownerId, string clientToken)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"qbroker-job\n{ownerId}\n{clientToken}"));
        // Mark it as an RFC 9562 version 8 (custom) UUID so it can never collide with a random or time-based one.
        digest[6] = (byte)((digest[6] & 0x0F) | 0x80);
        digest[8] = (byte)((digest[8] & 0x3F) | 0x80);
        return new Guid(digest.AsSpan(0, 16), bigEndian: true);
    }

    private (IReadOnlyList<RegisteredDevice>? Devices, ApiError? Error) CheckNamedDevice(string deviceId, Workload workload, int shots)
    {
        if (!devices.TryGet(deviceId, out var device))
        {
            return (null, ApiError.UnknownDevice(deviceId, devices.All.Select(d => d.Model.Id)));
        }
        if (shots > device.Model.MaxShots)
        {
            return (null, ApiError.Invalid("shots", $"shots must be between 1 and {device.Model.MaxShots} on {deviceId} (got {shots})."));
        }
        var check = device.Backend.Check(workload, shots);
        return check.Accepted ? ([device], null) : (null, ApiError.NoEligibleDevice($"{deviceId} cannot run this job: {check.Reason}"));
    }

    /// <summary>
    /// Every device meeting the requirements, narrowed by the goal. "cost" keeps the cheapest estimate and "fidelity"
    /// the highest predicted fidelity (<see cref="PredictedFidelity"/>); devices that tie stay, and whichever of them
    /// frees first takes the job. "time" keeps them all, ordered by the job's device time on each (fastest first): the
    /// scheduler places the job on the one where it would complete soonest, counting its queue, when it is enqueued.
    /// </summary>
    private (IReadOnlyList<RegisteredDevice>? Devices, ApiError? Error) ChooseDevices(JobRequirements requirements, Workload workload, int shots)
    {
        var wantedKind = requirements.DeviceKind ?? workload switch
        {
            CircuitWorkload => "gate",
            QkdWorkload => "qkd",
            _ => "anneal",
        };
        var reasons = new List<string>();
        var eligible = new List<RegisteredDevice>();
        foreach (var device in devices.All)
        {
            var model = device.Model;
            string? reason = null;
            if (!string.Equals(model.Kind.ToString(), wantedKind, StringComparison.OrdinalIgnoreCase))
            {
                reason = $"is a {model.Kind.ToString().ToLowerInvariant()} device";
            }
            else if (requirements.MinQubits is { } minimum && model.QubitCount < minimum)
            {
                reason = $"has {model.QubitCount} qubits, fewer than {minimum}";
            }
            else if (requirements.Providers is { Count: > 0 } providers && !providers.Contains(model.Provider, StringComparer.OrdinalIgnoreCase))
            {
                reason = $"is from {model.Provider}";
            }
            else if (shots > model.MaxShots)
            {
                reason = $"allows at most {model.MaxShots} shots";
            }
            else if (device.Backend.Check(workload, shots) is { Accepted: false } check)
            {
                reason = check.Reason;
            }
            if (reason is null)
            {
                eligible.Add(device);
            }
            else
            {
                reasons.Add($"{model.Id} {reason}");
            }
        }
        if (eligible.Count == 0)
        {
            return (null, ApiError.NoEligibleDevice($"No device meets the requirements: {string.Join("; ", reasons)}."));
        }
        var optimize = requirements.Optimize ?? TimeGoal;
        switch (optimize)
        {
            case TimeGoal:
                return ([.. eligible.OrderBy(d => d.Backend.EstimateDeviceTime(workload, shots))], null);
            case "cost":
                var costs = eligible.ToDictionary(d => d, d => d.Model.Price.EstimateCost(d.Backend.EstimateDeviceTime(workload, shots), shots));
                var cheapest = costs.Values.Min();
                return ([.. eligible.Where(d => costs[d] == cheapest)], null);
            case "fidelity":
                var fidelity = eligible.ToDictionary(d => d, d => PredictedFidelity.Of(d.Model, workload));
                var best = fidelity.Values.Max();
                return ([.. eligible.Where(d => fidelity[d] == best)], null);
            default:
                return (null, ApiError.Invalid("requirements.optimize", $"optimize must be time, cost or fidelity (got '{optimize}')."));
        }
    }

    private static bool IsValidTag(string tag) =>
        tag.Length is > 0 and <= MaxTagLength && tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');

    private static string ContentHash(JobSpec spec, string? requestedDevice)
    {
        var canonical = new StringBuilder()
            .Append(spec.Kind).Append('\n')
            .Append(spec.Shots).Append('\n')
            .Append(requestedDevice).Append('\n')
            .Append(spec.Requirements?.MinQubits).Append('|').Append(spec.Requirements?.DeviceKind).Append('|')
            .Append(string.Join(",", spec.Requirements?.Providers ?? [])).Append('|').Append(spec.Requirements?.Optimize).Append('\n')
            .Append(spec.ProjectId).Append('\n')
            .Append(spec.Priority).Append('\n')
            .Append(string.Join(",", spec.Tags.Order(StringComparer.Ordinal))).Append('\n')
            .Append(spec.Name).Append('\n')
            .Append(spec.Payload);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    private static (AcceptedSubmission?, ApiError?) Reject(ApiError error) => (null, error);
}
