using Pipelines.Sandbox.Kube.Selectors;

namespace Pipelines.Sandbox.Tests.Kube.Selectors;

public sealed class LabelSelectorTests
{
    private static bool Matches(string selector, params (string Key, string Value)[] labels) =>
        LabelSelector.Parse(selector).Selector!.Matches(labels.ToDictionary(l => l.Key, l => l.Value));

    [Fact]
    public void Equality_inequality_sets_and_existence_match_as_kubectl_documents()
    {
        Assert.True(Matches("app=web", ("app", "web")));
        Assert.True(Matches("app==web", ("app", "web")));
        Assert.False(Matches("app!=web", ("app", "web")));
        Assert.True(Matches("app!=web"));
        Assert.True(Matches("env in (prod, staging)", ("env", "staging")));
        Assert.False(Matches("env notin (prod,staging)", ("env", "prod")));
        Assert.True(Matches("app", ("app", "x")));
        Assert.True(Matches("!app"));
        Assert.False(Matches("app,env=prod", ("app", "web")));
        Assert.True(Matches(""));
    }

    [Fact]
    public void A_malformed_selector_is_an_error()
    {
        Assert.NotNull(LabelSelector.Parse("app=,=x").Error);
    }
}
