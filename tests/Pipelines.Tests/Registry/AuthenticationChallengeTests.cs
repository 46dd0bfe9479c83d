using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class AuthenticationChallengeTests
{
    [Fact]
    public void Bearer_challenge_gives_realm_service_and_scope()
    {
        var challenge = AuthenticationChallenge.Parse("""Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push" """)!;

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/nginx:pull,push", challenge.Scope);
    }

    [Fact]
    public void Basic_challenge_with_unquoted_realm()
    {
        var challenge = AuthenticationChallenge.Parse("Basic realm=pipelines-test")!;

        Assert.True(challenge.IsBasic);
        Assert.Equal("pipelines-test", challenge.Realm);
    }

    [Fact]
    public void Quoted_values_may_hold_commas_spaces_and_escaped_quotes()
    {
        var challenge = AuthenticationChallenge.Parse("""Bearer realm="a, b",error="insufficient \"scope\"" """)!;

        Assert.Equal("a, b", challenge.Realm);
        Assert.Equal("insufficient \"scope\"", challenge.Parameters["error"]);
    }
}
