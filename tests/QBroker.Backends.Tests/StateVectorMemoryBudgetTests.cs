using QBroker.Backends.StateVector;

namespace QBroker.Backends.Tests;

public sealed class StateVectorMemoryBudgetTests
{
    private static long Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    [Fact]
    public void The_default_limit_is_derived_from_and_below_the_memory_the_process_may_use()
    {
        var options = new BackendOptions();

        Assert.Null(options.MaxStateVectorBytes);
        Assert.InRange(options.StateVectorLimitBytes, 1, Available - 1);
        Assert.Equal(StateVectorMemoryBudget.PerSimulation(Available, 1), options.StateVectorLimitBytes);
    }

    [Fact]
    public void Simulations_running_at_once_share_the_budget_equally()
    {
        var shared = new BackendOptions().SharedBy(5);

        Assert.Equal(StateVectorMemoryBudget.PerSimulation(Available, 5), shared.MaxStateVectorBytes);
        Assert.True(5 * shared.StateVectorLimitBytes <= Available * StateVectorMemoryBudget.Fraction);
        Assert.True(shared.MaxStateVectorQubits <= new BackendOptions().MaxStateVectorQubits);
    }

    [Fact]
    public void The_share_is_the_fraction_of_the_available_memory_split_evenly_and_never_below_one_amplitude()
    {
        Assert.Equal(1L << 29, StateVectorMemoryBudget.PerSimulation(4L << 30, 4));
        Assert.Equal(StateVectorMemoryBudget.MinimumBytes, StateVectorMemoryBudget.PerSimulation(1000, 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => StateVectorMemoryBudget.PerSimulation(1L << 30, 0));
    }

    [Fact]
    public void A_configured_limit_wins_over_the_derived_one()
    {
        var configured = new BackendOptions { MaxStateVectorBytes = 16L << 20 };

        Assert.Equal(16L << 20, configured.SharedBy(5).StateVectorLimitBytes);
        Assert.Equal(20, configured.SharedBy(5).MaxStateVectorQubits);
    }

    [Fact]
    public void The_widest_state_is_capped_by_what_an_array_can_hold()
    {
        Assert.Equal(StateVectorSimulator.MaxQubits, new BackendOptions { MaxStateVectorBytes = 1L << 40 }.MaxStateVectorQubits);
    }
}
