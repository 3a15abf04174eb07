namespace QBroker.Qkd.Physics;

/// <summary>Which of Alice's states a pulse was; the index into per-class arrays.</summary>
public enum IntensityClass : byte
{
    Signal = 0,
    Decoy = 1,
    Vacuum = 2,
}
