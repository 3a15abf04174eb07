using QBroker.Storage.Accounts;

namespace QBroker.Silo.Accounts;

/// <summary>
/// The program's member institutions, with a few projects and researchers each, seeded on first start so the
/// broker can be explored at once. People and project names are illustrative.
/// </summary>
public static class DemoWorld
{
    public static IReadOnlyList<Institution> Institutions { get; } =
    [
        new("skku", "Sungkyunkwan University — Quantum Information Research Support Center", "KR", 20),
        new("kias", "Korea Institute for Advanced Study", "KR", 10),
        new("kaist", "Korea Advanced Institute of Science and Technology", "KR", 15),
        new("unist", "Ulsan National Institute of Science and Technology", "KR", 10),
        new("hanyang", "Hanyang University", "KR", 10),
        new("kriss", "Korea Research Institute of Standards and Science", "KR", 10),
        new("kist", "Korea Institute of Science and Technology", "KR", 10),
        new("lge", "LG Electronics", "KR", 5),
        new("umd", "University of Maryland (US partner)", "US", 5),
        new("uchicago", "University of Chicago (US partner)", "US", 5),
    ];

    public static IReadOnlyList<Project> Projects { get; } =
    [
        new("skku-qec", "skku", "Surface-code error correction on heavy-hex devices", 60),
        new("skku-qml", "skku", "Quantum kernel methods", 40),
        new("kias-manybody", "kias", "Many-body dynamics and quantum chaos", 100),
        new("kaist-vqe", "kaist", "Variational chemistry", 50),
        new("kaist-qkd", "kaist", "Decoy-state QKD field trials", 50),
        new("unist-qaoa", "unist", "QAOA for power-grid optimisation", 100),
        new("hanyang-qsim", "hanyang", "Digital quantum simulation", 100),
        new("kriss-bench", "kriss", "Device benchmarking and metrology", 100),
        new("kist-sensing", "kist", "Quantum sensing algorithms", 100),
        new("lge-materials", "lge", "Battery materials simulation", 100),
        new("umd-ions", "umd", "Trapped-ion algorithms", 100),
        new("uchicago-network", "uchicago", "Quantum network protocols", 100),
    ];

    public static IReadOnlyList<Researcher> Researchers { get; } =
    [
        new("skku-jkim", "skku", "Jiwoo Kim", "jiwoo.kim@skku.example", 1, ["skku-qec", "skku-qml"]),
        new("skku-hpark", "skku", "Hyunwoo Park", "hyunwoo.park@skku.example", 1, ["skku-qec"]),
        new("kias-sylee", "kias", "Seoyeon Lee", "seoyeon.lee@kias.example", 1, ["kias-manybody"]),
        new("kaist-mchoi", "kaist", "Minjun Choi", "minjun.choi@kaist.example", 1, ["kaist-vqe"]),
        new("kaist-yjung", "kaist", "Yuna Jung", "yuna.jung@kaist.example", 1, ["kaist-qkd", "kaist-vqe"]),
        new("unist-dkang", "unist", "Dohyun Kang", "dohyun.kang@unist.example", 1, ["unist-qaoa"]),
        new("hanyang-syoon", "hanyang", "Sumin Yoon", "sumin.yoon@hanyang.example", 1, ["hanyang-qsim"]),
        new("kriss-jlim", "kriss", "Jaehyun Lim", "jaehyun.lim@kriss.example", 1, ["kriss-bench"]),
        new("kist-ehan", "kist", "Eunji Han", "eunji.han@kist.example", 1, ["kist-sensing"]),
        new("lge-wshin", "lge", "Woojin Shin", "woojin.shin@lge.example", 1, ["lge-materials"]),
        new("umd-asmith", "umd", "Alex Smith", "alex.smith@umd.example", 1, ["umd-ions"]),
        new("uchicago-rjones", "uchicago", "Riley Jones", "riley.jones@uchicago.example", 1, ["uchicago-network"]),
    ];

    /// <summary>
    /// Yearly budgets in credits (USD-like units of the device price models). Institutions get the program's
    /// allocation; a few projects have their own caps, one deliberately small (LG's pilot) to show refusals.
    /// </summary>
    public static IReadOnlyList<(string NodeId, string Kind, decimal Amount)> Budgets { get; } =
    [
        ("skku", "institution", 50_000m), ("kias", "institution", 20_000m), ("kaist", "institution", 40_000m),
        ("unist", "institution", 20_000m), ("hanyang", "institution", 20_000m), ("kriss", "institution", 20_000m),
        ("kist", "institution", 20_000m), ("lge", "institution", 10_000m), ("umd", "institution", 10_000m),
        ("uchicago", "institution", 10_000m),
        ("skku-qec", "project", 30_000m), ("skku-qml", "project", 10_000m), ("kaist-qkd", "project", 5_000m),
        ("lge-materials", "project", 100m),
    ];
}
