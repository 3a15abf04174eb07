namespace QBroker.Backends;

/// <summary>
/// Device prices from configuration, <c>QBroker:Prices:{deviceId}</c> with <c>PerTask</c>, <c>PerShot</c> and
/// <c>PerSecond</c> in credits (omitted terms are 0). The defaults, the providers' published list prices, live in the
/// silo's appsettings.json; a device without an entry keeps the price its model carries.
/// </summary>
public sealed class PriceOptions() : Dictionary<string, PriceModel>(StringComparer.OrdinalIgnoreCase)
{
    public const string SectionName = "QBroker:Prices";

    /// <summary>The model with its configured price, or unchanged when none is configured for it.</summary>
    public DeviceModel Apply(DeviceModel model) => TryGetValue(model.Id, out var price) ? model with { Price = price } : model;
}
