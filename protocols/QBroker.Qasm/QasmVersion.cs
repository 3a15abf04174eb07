namespace QBroker.Qasm;

/// <summary>The language version a program declares in its <c>OPENQASM</c> header.</summary>
internal enum QasmVersion
{
    OpenQasm2,
    OpenQasm3,
}
