using QBroker.Cli.Output;
using QBroker.Cli.Tests.Support;
using QBroker.Client.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QBroker.Cli.Tests;

public sealed class RenderTests
{
    private static string Render(IRenderable renderable, int width = 100)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Write(renderable);
        return writer.ToString();
    }

    [Fact]
    public void The_result_table_lists_outcomes_by_count_with_probabilities()
    {
        var result = SampleViews.Result("j-1", new Dictionary<string, long> { ["00"] = 30, ["11"] = 60, ["01"] = 10 });

        var text = Render(ResultView.Build(result, top: 0, consoleWidth: 100));

        var lines = text.Split('\n');
        var rowOf = (string bits) => Array.FindIndex(lines, l => l.TrimStart().StartsWith(bits + " ", StringComparison.Ordinal));
        Assert.True(rowOf("11") < rowOf("00") && rowOf("00") < rowOf("01"), text);
        Assert.Contains("0.6000", lines[rowOf("11")], StringComparison.Ordinal);
        Assert.Contains("100 shots, 3 distinct outcomes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bar_chart_draws_longer_bars_for_larger_counts()
    {
        var result = SampleViews.Result("j-1", new Dictionary<string, long> { ["00"] = 20, ["11"] = 80 });

        var text = Render(ResultView.Build(result, top: 0, consoleWidth: 100));

        // The chart is the part after the table; its rows carry the bars.
        var chart = text[text.IndexOf("counts", StringComparison.Ordinal)..].Split('\n');
        var bar = (string bits) => chart.Single(l => l.TrimStart().StartsWith(bits, StringComparison.Ordinal)).Count(c => c == '█');
        Assert.True(bar("11") > 3 * bar("00") - 2, text);
        Assert.True(bar("00") > 0, text);
    }

    [Fact]
    public void Top_hides_the_rest_and_says_how_much_is_hidden()
    {
        var result = SampleViews.Result("j-1", new Dictionary<string, long> { ["00"] = 50, ["11"] = 40, ["01"] = 6, ["10"] = 4 });

        var text = Render(ResultView.Build(result, top: 2, consoleWidth: 100));

        Assert.Contains("2 more (--top 0 shows all)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" 01 ", text, StringComparison.Ordinal);
        Assert.Contains("0.1000", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Job_details_show_queue_position_eta_and_transitions()
    {
        var job = SampleViews.Job("j-7", JobStates.Queued, 3) with
        {
            Transitions =
            [
                new JobTransitionView("none", "queued", SampleViews.CreatedAt, "submitted"),
                new JobTransitionView("queued", "running", SampleViews.CreatedAt, "started on local-sim (attempt 1)", "10.0.0.7:11111@42"),
            ],
        };

        var text = Render(JobDetails.Build(job, SampleViews.CreatedAt, withTransitions: true), width: 160);

        Assert.Matches(@"queue position\s+3\s", text);
        Assert.Contains("2026-11-25 01:02:00Z (in 2m 00s)", text, StringComparison.Ordinal);
        Assert.Contains("submitted", text, StringComparison.Ordinal);
        Assert.Contains("silo 10.0.0.7:11111@42", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Requirements_are_described_when_no_device_is_named()
    {
        var text = JobDetails.DescribeRequirements(new JobRequirements { MinQubits = 5, Providers = ["ibm", "ionq"], Optimize = "cost" });
        Assert.Equal("any device: >= 5 qubits, providers ibm|ionq, optimise cost", text);
    }

    [Fact]
    public void The_device_table_has_one_row_per_device()
    {
        var text = Render(DeviceTable.Build([SampleViews.Device("ionq-11"), SampleViews.Device("ibm-65") with { Status = "maintenance" }]));

        Assert.Contains("ionq-11", text, StringComparison.Ordinal);
        Assert.Contains("maintenance", text, StringComparison.Ordinal);
        Assert.Contains("10000", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Markup_characters_in_server_text_are_shown_literally()
    {
        var job = SampleViews.Job("j-[1]", JobStates.Failed) with { Error = "bad [red]input[/]" };

        var text = Render(JobDetails.Build(job, SampleViews.CreatedAt, withTransitions: false));

        Assert.Contains("j-[1]", text, StringComparison.Ordinal);
        Assert.Contains("bad [red]input[/]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_progress_line_has_time_state_position_and_eta()
    {
        var line = ProgressLine.Format(SampleViews.Job("j-1", JobStates.Queued, 2), SampleViews.CreatedAt.AddSeconds(5));
        Assert.Equal("01:00:05Z j-1 state=queued device=ionq-11 position=2 eta=2026-11-25T01:02:00Z", line);
    }

    [Fact]
    public void A_failed_progress_line_carries_the_error_on_one_line()
    {
        var line = ProgressLine.Format(SampleViews.Job("j-1", JobStates.Failed) with { Error = "device fault\nretries exhausted", Attempts = 3 }, SampleViews.CreatedAt);
        Assert.Equal("01:00:00Z j-1 state=failed device=ionq-11 attempts=3 error=\"device fault retries exhausted\"", line);
    }

    [Theory]
    [InlineData(0.4, "now")]
    [InlineData(45, "in 45s")]
    [InlineData(125, "in 2m 05s")]
    [InlineData(-3 * 3600 - 7 * 60, "3h 07m ago")]
    [InlineData(2 * 86400 + 4 * 3600, "in 2d 04h")]
    public void Relative_times_use_two_units(double seconds, string expected) =>
        Assert.Equal(expected, TimeText.Relative(SampleViews.CreatedAt.AddSeconds(seconds), SampleViews.CreatedAt));
}
