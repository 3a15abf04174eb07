using System.Globalization;
using QBroker.Client.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QBroker.Cli.Output;

/// <summary>The human view of <c>devices</c>.</summary>
public static class DeviceTable
{
    public static IRenderable Build(IReadOnlyList<DeviceView> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("ID").AddColumn("NAME").AddColumn("PROVIDER").AddColumn("KIND")
            .AddColumn(new TableColumn("QUBITS").RightAligned()).AddColumn(new TableColumn("MAX SHOTS").RightAligned())
            .AddColumn("STATUS").AddColumn(new TableColumn("QUEUED").RightAligned()).AddColumn(new TableColumn("RUNNING").RightAligned());
        foreach (var device in devices)
        {
            table.AddRow(
                Markup.Escape(device.Id),
                Markup.Escape(device.DisplayName),
                Markup.Escape(device.Provider),
                Markup.Escape(device.Kind),
                device.Qubits.ToString(CultureInfo.InvariantCulture),
                device.MaxShots.ToString(CultureInfo.InvariantCulture),
                StatusMarkup(device.Status),
                device.QueueDepth.ToString(CultureInfo.InvariantCulture),
                device.Running.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static string StatusMarkup(string status) => status switch
    {
        "online" => "[green]online[/]",
        "maintenance" => "[yellow]maintenance[/]",
        _ => $"[red]{Markup.Escape(status)}[/]",
    };
}
