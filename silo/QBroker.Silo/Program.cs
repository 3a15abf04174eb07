using QBroker.Silo;

await QBrokerHost.Build(args).RunAsync();
