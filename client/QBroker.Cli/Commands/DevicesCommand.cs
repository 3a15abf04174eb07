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
            var json = session.Json(parseResult);
            if (parseResult.GetValue(id) is { } deviceId)
            {
                var device = await client.GetDeviceAsync(deviceId, cancellationToken);
                if (json)
                {
                    CliJson.WriteDocument(session.Out, device, QBrokerJsonContext.Default.DeviceView);
                    return ExitCodes.Success;
                }

                session.Console.Write(DeviceTable.Build([device]));
                return ExitCodes.Success;
            }

            var devices = await client.GetDevicesAsync(cancellationToken);
            if (json)
            {
                CliJson.WriteDocument(session.Out, devices, QBrokerJsonContext.Default.IReadOnlyListDeviceView);
            }
            else
            {
                session.Console.Write(DeviceTable.Build(devices));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
