using System.Net;
using System.Net.Sockets;

namespace QBroker.Silo.Tests;

/// <summary>Free loopback ports for silos started by tests (several run in one process).</summary>
public static class TestPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
