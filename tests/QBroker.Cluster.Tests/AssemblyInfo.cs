// The failure tests start three silos each and measure timings: one at a time on a shared 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
