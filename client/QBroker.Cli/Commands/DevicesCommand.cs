using System.CommandLine;
using QBroker.Cli.Output;
using QBroker.Client;

namespace QBroker.Cli.Commands;

/// <summary><c>qbroker devices [ID]</c>: all devices, or one.</summary>
internal static class DevicesCommand
{
    public static Command Create(CliSession session)
    {
        var id = new Argument<string?>("id") { Description = "Show only this device", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => null };
        var command = new Command("devices", "List devices with their status and queue depth") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = session.Connect(parseResult);
            if (parseResult.GetValue(id) is { } deviceId)
            {
                var device = await client.GetDeviceAsync(deviceId, cancellationToken);
                session.Print(parseResult, device, QBrokerJsonContext.Default.DeviceView, d => session.Console.Write(DeviceTable.Build([d])));
                return ExitCodes.Success;
            }

            var devices = await client.GetDevicesAsync(cancellationToken);
            session.Print(parseResult, devices, QBrokerJsonContext.Default.IReadOnlyListDeviceView, d => session.Console.Write(DeviceTable.Build(d)));

            return ExitCodes.Success;
        });
        return command;
    }
}
