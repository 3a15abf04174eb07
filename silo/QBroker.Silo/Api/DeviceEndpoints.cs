using QBroker.Client.Api;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Devices;
using QBroker.Silo.Auth;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Api;

/// <summary>/api/v1/devices: list, show, and (operators) change status.</summary>
public static class DeviceEndpoints
{
    /// <summary>
    /// Body of PATCH /api/v1/devices/{id}: a new status (online, maintenance, offline) with a reason, and/or a fault
    /// rate in [0, 1] for fault drills (that share of executions ends in a transient fault).
    /// </summary>
    public sealed record DevicePatch(string? Status, string? Reason, double? FaultRate);

    public static void MapDeviceEndpoints(this IEndpointRouteBuilder routes)
    {
        var devices = routes.MapGroup("/api/v1/devices").RequireAuthorization().WithTags("Devices");
        devices.MapGet("/", ListAsync).Produces<DeviceView[]>();
        devices.MapGet("/{id}", GetAsync).Produces<DeviceView>().ProducesProblem(404);
        devices.MapPatch("/{id}", PatchAsync).Accepts<DevicePatch>("application/json").Produces<DeviceView>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(DeviceRegistry registry, IGrainFactory grains)
    {
        var queues = (await grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey).GetDeviceQueues()).ToDictionary(q => q.DeviceId);
        var views = new List<DeviceView>();
        foreach (var device in registry.All)
        {
            var snapshot = await grains.GetGrain<IDeviceGrain>(device.Model.Id).GetSnapshot();
            views.Add(ToView(device, snapshot, queues.GetValueOrDefault(device.Model.Id)));
        }
        return Results.Ok(views);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, DeviceRegistry registry, IGrainFactory grains)
    {
        if (!registry.TryGet(id, out var device))
        {
            return ApiError.NotFound($"There is no device '{id}'.").ToResult(context);
        }
        var snapshot = await grains.GetGrain<IDeviceGrain>(id).GetSnapshot();
        var queues = await grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey).GetDeviceQueues();
        return Results.Ok(ToView(device, snapshot, queues.FirstOrDefault(q => q.DeviceId == id)));
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext context, DeviceRegistry registry, IGrainFactory grains)
    {
        if (Caller.From(context.User).Role != Role.Operator)
        {
            return ApiError.Forbidden("Only operators change device status.").ToResult(context);
        }
        if (!registry.TryGet(id, out var registered))
        {
            return ApiError.NotFound($"There is no device '{id}'.").ToResult(context);
        }
        var (patch, bodyError) = await JsonBody.ReadAsync<DevicePatch>(context, 64 * 1024);
        if (bodyError is not null)
        {
            return bodyError.ToResult(context);
        }
        if (patch!.Status is null && patch.FaultRate is null)
        {
            return ApiError.Invalid("status", "Give a status (online, maintenance or offline), a faultRate, or both.").ToResult(context);
        }
        var status = DeviceStatus.Online;
        if (patch.Status is not null && (!Enum.TryParse(patch.Status, ignoreCase: true, out status) || !Enum.IsDefined(status)))
        {
            return ApiError.Invalid("status", "status must be online, maintenance or offline.").ToResult(context);
        }
        if (patch.FaultRate is { } rate && (double.IsNaN(rate) || rate is < 0 or > 1))
        {
            return ApiError.Invalid("faultRate", "faultRate must be between 0 and 1.").ToResult(context);
        }
        var device = grains.GetGrain<IDeviceGrain>(id);
        var snapshot = await device.GetSnapshot();
        if (patch.FaultRate is { } faultRate)
        {
            snapshot = await device.SetFaultRate(faultRate);
        }
        if (patch.Status is not null)
        {
            snapshot = await device.SetStatus(status, patch.Reason ?? $"set {status.ToString().ToLowerInvariant()} by operator");
        }
        var queues = await grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey).GetDeviceQueues();
        return Results.Ok(ToView(registered, snapshot, queues.FirstOrDefault(q => q.DeviceId == id)));
    }

    private static DeviceView ToView(RegisteredDevice device, DeviceSnapshot snapshot, DeviceQueueStats? queue) => new()
    {
        Id = device.Model.Id,
        Provider = device.Model.Provider,
        Kind = device.Model.Kind.ToString().ToLowerInvariant(),
        DisplayName = device.Model.DisplayName,
        Qubits = device.Model.QubitCount,
        MaxShots = device.Model.MaxShots,
        Status = snapshot.Status.ToString().ToLowerInvariant(),
        QueueDepth = queue?.Queued ?? 0,
        Running = snapshot.Running.Count,
        FaultRate = snapshot.FaultRate,
    };
}
