using System.Globalization;
using Orleans.Runtime;

namespace QBroker.Storage.Cluster;

/// <summary>
/// A membership row's suspicions (which silo suspected it, and when) as one text column:
/// "silo,ticks|silo,ticks". Silo addresses in their parsable form contain neither separator.
/// </summary>
internal static class SuspectList
{
    public static string Format(List<Tuple<SiloAddress, DateTime>>? suspects) =>
        suspects is null
            ? string.Empty
            : string.Join('|', suspects.Select(s => s.Item1.ToParsableString() + "," + s.Item2.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)));

    public static List<Tuple<SiloAddress, DateTime>> Parse(string text) =>
        text.Length == 0
            ? []
            : text.Split('|')
                .Select(item => item.Split(','))
                .Select(parts => Tuple.Create(SiloAddress.FromParsableString(parts[0]), new DateTime(long.Parse(parts[1], CultureInfo.InvariantCulture), DateTimeKind.Utc)))
                .ToList();
}
