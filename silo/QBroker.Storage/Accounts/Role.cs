namespace QBroker.Storage.Accounts;

/// <summary>What a key may do. Stored by name.</summary>
public enum Role
{
    /// <summary>Submits, watches and cancels their own jobs.</summary>
    Researcher,

    /// <summary>Institution admin: sees and cancels every job of the institution, manages its people and keys.</summary>
    Admin,

    /// <summary>Runs the program: sees everything, manages devices.</summary>
    Operator,
}
