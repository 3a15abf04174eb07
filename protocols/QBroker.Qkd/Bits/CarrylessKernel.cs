namespace QBroker.Qkd.Bits;

/// <summary>Which instructions multiply words in the base case of <see cref="CarrylessMultiplication"/>.</summary>
public enum CarrylessKernel
{
    /// <summary>Shift-and-xor in plain C#: every processor.</summary>
    Portable,

    /// <summary>PCLMULQDQ, one 64 x 64-bit product per instruction.</summary>
    Pclmul128,

    /// <summary>VPCLMULQDQ on 512-bit vectors, four products per instruction (AVX-512 processors).</summary>
    Pclmul512,
}
