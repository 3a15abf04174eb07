namespace QBroker.Backends.Anneal;

/// <summary>The annealing problem JSON is malformed; the message says where and why (see docs/anneal-format.md).</summary>
public sealed class AnnealProblemFormatException(string message, Exception? inner = null) : FormatException(message, inner);
