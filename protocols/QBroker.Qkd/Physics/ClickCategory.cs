namespace QBroker.Qkd.Physics;

/// <summary>
/// One way a pulse of a given class can end in a click, with its probability per pulse sent.
/// PhotonNumber is -1 where the photon number is independent of the click and drawn afresh.
/// </summary>
internal readonly record struct ClickCategory(ClickOrigin Origin, int PhotonNumber, bool EveKnowsBit, double Probability);
