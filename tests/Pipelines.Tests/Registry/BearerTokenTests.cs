using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class BearerTokenTests
{
    static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Token_expires_a_little_before_expires_in_by_our_clock()
    {
        var token = BearerToken.Parse("""{"token":"abc","expires_in":300,"issued_at":"2000-01-01T00:00:00Z"}""", Now);

        Assert.Equal("abc", token.Value);
        Assert.Equal(Now.AddSeconds(270), token.ExpiresAt);
    }

    [Fact]
    public void Access_token_and_the_default_lifetime_of_60_seconds_are_understood()
    {
        var token = BearerToken.Parse("""{"access_token":"xyz"}""", Now);

        Assert.Equal("xyz", token.Value);
        Assert.Equal(Now.AddSeconds(45), token.ExpiresAt);
    }

    [Fact]
    public void An_answer_without_a_token_is_a_format_error_and_ToString_hides_the_token()
    {
        Assert.Throws<FormatException>(() => BearerToken.Parse("""{"expires_in":5}""", Now));
        Assert.DoesNotContain("abc", BearerToken.Parse("""{"token":"abc"}""", Now).ToString());
    }
}
