using QBroker.Contracts.Qkd;

namespace QBroker.Silo.Qkd;

/// <summary>
/// The demo world's QKD links between partner sites. Metro links in the Seoul–Suwon area use the Gobby–Yuan–Shields
/// parameters (APL 84, 3762 (2004): 0.21 dB/km, eta_Bob 4.5 %, Y0 1.7e-6, e_det 3.3 %); the long-haul links use
/// low-loss fibre (0.18 dB/km) and superconducting nanowire detectors (eta 60 %, Y0 1e-7), as in the 100 km+
/// field trials such as Boaron et al., PRL 121, 190502 (2018), since GYS hardware gives no finite-size key past
/// about 120 km. Lengths are fibre lengths (road distance plus slack). Daejeon to Ulsan (about 200 km) is too far
/// for one link, so it runs through a trusted node in Daegu: KAIST to UNIST is a two-hop relay.
/// </summary>
public static class DemoQkdNetwork
{
    /// <summary>A trusted relay node (no institution, so no SAE) between Daejeon and Ulsan.</summary>
    public const string DaeguTrustedNode = "daegu-tn";

    public static IReadOnlyList<LinkDefinition> Links { get; } =
    [
        Metro("kias-skku", "kias", "skku", 48),
        Metro("kist-skku", "kist", "skku", 50),
        Metro("hanyang-skku", "hanyang", "skku", 42),
        Metro("kaist-kriss", "kaist", "kriss", 6),
        LongHaul("skku-kaist", "skku", "kaist", 130),
        LongHaul("kaist-daegu", "kaist", DaeguTrustedNode, 125),
        LongHaul("daegu-unist", DaeguTrustedNode, "unist", 75),
    ];

    private static LinkDefinition Metro(string id, string a, string b, double km) => new(id, a, b, km, 0.21, 0.045, 1.7e-6, 0.033, 1e9);

    private static LinkDefinition LongHaul(string id, string a, string b, double km) => new(id, a, b, km, 0.18, 0.6, 1e-7, 0.033, 1e9);
}
