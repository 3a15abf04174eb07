using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

public sealed class HttpMethodLabelTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public void The_methods_of_the_ETSI_API_are_kept(string method) => Assert.Equal(method, HttpMethodLabel.Of(method));

    [Theory]
    [InlineData("BREW")]
    [InlineData("DELETE")]
    [InlineData("get")]
    [InlineData("")]
    public void Every_other_method_is_one_label(string method) => Assert.Equal(HttpMethodLabel.Other, HttpMethodLabel.Of(method));
}
