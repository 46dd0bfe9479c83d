using Pipelines.Shared;

namespace Pipelines.Targets.Tests;

/// <summary>Credentials in URLs, as people write them: a password, a token as the user name, a raw '@' in a password.</summary>
public class UrlCredentialsTests
{
    [Theory]
    [InlineData("https://ci:pw@git.example.com/config.git", "ci", "pw", "https://git.example.com/config.git")]
    [InlineData("https://ghp_TOKEN@github.com/team/config.git", "ghp_TOKEN", null, "https://github.com/team/config.git")]
    [InlineData("https://ci:p@ss@host:8443/config.git", "ci", "p@ss", "https://host:8443/config.git")]
    [InlineData("https://ci:p%40ss%3Aw@host/x?y=a@b#z", "ci", "p@ss:w", "https://host/x?y=a@b#z")]
    [InlineData("https://ci:pa:ss@host/x", "ci", "pa:ss", "https://host/x")]
    [InlineData("ssh://git@host:22/srv/config.git", "git", null, "ssh://host:22/srv/config.git")]
    public void Splits_user_and_password_at_the_last_at_sign_of_the_authority(string url, string user, string? password, string without)
    {
        var credentials = UrlCredentials.Parse(url)!;
        Assert.Equal((user, password, without), (credentials.User, credentials.Password, credentials.Without));
    }

    [Theory]
    [InlineData("https://git.example.com/config.git")]
    [InlineData("git@github.com:team/config.git")]
    [InlineData("/srv/git/config.git")]
    [InlineData("https://host/path/with@sign")]
    public void A_url_without_credentials_has_none(string url) => Assert.Null(UrlCredentials.Parse(url));

    [Theory]
    [InlineData("https://ci:pw-secret@host/x", new[] { "pw-secret" })]
    [InlineData("https://ci:p%40ss@host/x", new[] { "p@ss", "p%40ss" })]
    [InlineData("https://TOKEN123@host/x", new[] { "TOKEN123" })]
    [InlineData("ssh://git@host/x", new string[0])]
    [InlineData("see https://a:one1@h/x and http://two2@h/y", new[] { "one1", "two2" })]
    public void The_secrets_are_the_password_or_a_user_only_http_token_as_written_and_decoded(string text, string[] secrets) =>
        Assert.Equal(secrets.Order(), UrlCredentials.SecretsIn(text).Order());
}
