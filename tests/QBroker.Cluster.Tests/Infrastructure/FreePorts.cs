using System.Net;
using System.Net.Sockets;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>Free loopback ports for the silos a test starts (HTTP, silo-to-silo, gateway).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
