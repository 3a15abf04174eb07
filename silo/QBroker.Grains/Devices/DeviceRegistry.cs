using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using QBroker.Backends;

namespace QBroker.Grains.Devices;

/// <summary>A device of the catalogue with the backend that executes its jobs and how many it runs at once.</summary>
public sealed record RegisteredDevice(DeviceModel Model, IDeviceBackend Backend, int Slots);

/// <summary>
/// The devices this broker offers, built once per silo from the catalogue. Backends are stateless and shared by
/// every activation; operator-set status lives in the device grains, not here.
/// </summary>
public sealed class DeviceRegistry
{
    private readonly Dictionary<string, RegisteredDevice> _devices;

    /// <summary>The catalogue's devices with the prices configured under <see cref="PriceOptions.SectionName"/>.</summary>
    public DeviceRegistry(IOptions<BrokerOptions> broker, IOptions<BackendOptions> backend, IConfiguration configuration)
        : this(DeviceCatalogue.CreateDefault().Select(ConfiguredPrices(configuration).Apply), broker.Value, backend.Value)
    {
    }

    public DeviceRegistry(IEnumerable<DeviceModel> models, BrokerOptions broker, BackendOptions backend)
        : this(models.Select(model => new RegisteredDevice(
            model, DeviceBackends.Create(model, backend), model.Provider == "local" ? broker.SimulatorSlots : broker.QpuSlots)))
    {
    }

    private DeviceRegistry(IEnumerable<RegisteredDevice> devices)
    {
        _devices = devices.ToDictionary(device => device.Model.Id, StringComparer.Ordinal);
        All = [.. _devices.Values.OrderBy(device => device.Model.Id, StringComparer.Ordinal)];
    }

    /// <summary>Devices with backends chosen by the caller (tests put a faulty or slow backend behind a device).</summary>
    public static DeviceRegistry Of(IEnumerable<RegisteredDevice> devices) => new(devices);

    /// <summary>The prices configured under <see cref="PriceOptions.SectionName"/> (none when the section is absent).</summary>
    public static PriceOptions ConfiguredPrices(IConfiguration configuration)
    {
        var prices = new PriceOptions();
        configuration.GetSection(PriceOptions.SectionName).Bind(prices);
        return prices;
    }

    /// <summary>Every device, ordered by id.</summary>
    public IReadOnlyList<RegisteredDevice> All { get; }

    public bool TryGet(string id, out RegisteredDevice device) => _devices.TryGetValue(id, out device!);

    public RegisteredDevice Get(string id) =>
        _devices.TryGetValue(id, out var device) ? device : throw new KeyNotFoundException($"Unknown device '{id}'.");
}
