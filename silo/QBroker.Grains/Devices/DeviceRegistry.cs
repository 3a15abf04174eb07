using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using QBroker.Backends;

namespace QBroker.Grains.Devices;

/// <summary>A device of the catalogue with the backend that executes its jobs and how many it runs at once.</summary>
public sealed record RegisteredDevice(DeviceModel Model, IDeviceBackend Backend, int Slots);

/// <summary>
/// The devices this broker offers, built once per silo from the catalogue. Backends are stateless and shared by
/// every activation; operator-set status lives in the device grains, not here. The registry also knows which device
/// grains are active on this silo, so a silo leaving the cluster can have them hand their executions over first.
/// </summary>
public sealed class DeviceRegistry
{
    private readonly Dictionary<string, RegisteredDevice> _devices;
    private readonly ConcurrentDictionary<string, bool> _activeHere = new(StringComparer.Ordinal);

    /// <summary>
    /// The catalogue's devices with the prices configured under <see cref="PriceOptions.SectionName"/>; the local
    /// simulator is as wide as the memory limit of <see cref="SimulationOptions"/> allows.
    /// </summary>
    public DeviceRegistry(IOptions<BrokerOptions> broker, IOptions<BackendOptions> backend, IConfiguration configuration)
        : this(CatalogueFor(broker.Value, backend.Value).Select(ConfiguredPrices(configuration).Apply), broker.Value, backend.Value)
    {
    }

    public DeviceRegistry(IEnumerable<DeviceModel> models, BrokerOptions broker, BackendOptions backend)
        : this(Register([.. models], broker, backend))
    {
    }

    private DeviceRegistry(IEnumerable<RegisteredDevice> devices)
    {
        _devices = devices.ToDictionary(device => device.Model.Id, StringComparer.Ordinal);
        All = [.. _devices.Values.OrderBy(device => device.Model.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The options every backend of these devices runs under. Each slot of a gate device may hold a state vector at
    /// the same moment, and one silo may host every device, so unless the limit is configured each slot gets an equal
    /// share of the silo's state-vector memory (<see cref="StateVectorMemoryBudget"/>).
    /// </summary>
    public static BackendOptions SimulationOptions(IEnumerable<DeviceModel> models, BrokerOptions broker, BackendOptions backend) =>
        backend.SharedBy(Math.Max(1, models.Where(model => model.Kind == DeviceKind.Gate).Sum(model => SlotsOf(model, broker))));

    private static IEnumerable<RegisteredDevice> Register(IReadOnlyList<DeviceModel> models, BrokerOptions broker, BackendOptions backend)
    {
        var options = SimulationOptions(models, broker, backend);
        return models.Select(model => new RegisteredDevice(model, DeviceBackends.Create(model, options), SlotsOf(model, broker)));
    }

    /// <summary>
    /// The catalogue sized by the options its backends will run under. Which devices are gate devices, and so the
    /// share, does not depend on the local simulator's width, so the first catalogue only serves to count slots.
    /// </summary>
    private static IReadOnlyList<DeviceModel> CatalogueFor(BrokerOptions broker, BackendOptions backend) =>
        DeviceCatalogue.CreateDefault(SimulationOptions(DeviceCatalogue.CreateDefault(backend), broker, backend));

    private static int SlotsOf(DeviceModel model, BrokerOptions broker) => model.Provider == "local" ? broker.SimulatorSlots : broker.QpuSlots;

    /// <summary>Devices with backends chosen by the caller (tests put a faulty or slow backend behind a device).</summary>
    public static DeviceRegistry Of(IEnumerable<RegisteredDevice> devices) => new(devices);

    /// <summary>The prices configured under <see cref="PriceOptions.SectionName"/> (none when the section is absent).</summary>
    public static PriceOptions ConfiguredPrices(IConfiguration configuration)
    {
        var prices = new PriceOptions();
        configuration.GetSection(PriceOptions.SectionName).Bind(prices);
        return prices;
    }

    /// <summary>The devices whose grain is activated on this silo now.</summary>
    public IReadOnlyCollection<string> ActiveHere => [.. _activeHere.Keys];

    internal void Activated(string id) => _activeHere[id] = true;

    internal void Deactivated(string id) => _activeHere.TryRemove(id, out _);

    /// <summary>Every device, ordered by id.</summary>
    public IReadOnlyList<RegisteredDevice> All { get; }

    public bool TryGet(string id, out RegisteredDevice device) => _devices.TryGetValue(id, out device!);

    public RegisteredDevice Get(string id) =>
        _devices.TryGetValue(id, out var device) ? device : throw new KeyNotFoundException($"Unknown device '{id}'.");
}
