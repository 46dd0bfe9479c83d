using Pipelines.ConfigRepo;
using Pipelines.Faults;

namespace Pipelines.Tests.ConfigRepo;

/// <summary>What <c>--config-repo</c> may be, and what of it is kept, shown and stored.</summary>
public sealed class RemoteUrlTests
{
    [Theory]
    [InlineData("https://ci:pw-1234@git.example.com/config.git", "https://git.example.com/config.git", "ci")]
    [InlineData("https://ghp_T0KEN9876@github.com/team/config.git", "https://github.com/team/config.git", GitCredentials.TokenUserName)]
    [InlineData("https://ci:p@ss@w0rd@git.example.com:8443/config.git", "https://git.example.com:8443/config.git", "ci")]
    [InlineData("ssh://git:pw-1234@git.example.com/config.git", "ssh://git@git.example.com/config.git", "git")]
    public void Credentials_in_the_url_are_taken_out_of_it_and_used(string url, string value, string user)
    {
        var remote = RemoteUrl.Parse(url, "/");
        Assert.Equal(value, remote.Value);
        Assert.Equal(value, remote.Display);
        Assert.Equal(user, remote.EmbeddedCredentials!.UserName);
        Assert.DoesNotContain("@w0rd", remote.CacheKey + remote.Value);
    }

    [Fact]
    public void An_ssh_user_name_stays_in_the_url()
    {
        Assert.Equal("ssh://git@git.example.com/config.git", RemoteUrl.Parse("ssh://git@git.example.com/config.git", "/").Value);
        Assert.Null(RemoteUrl.Parse("ssh://git@git.example.com/config.git", "/").EmbeddedCredentials);
        Assert.Equal("git@github.com:team/config.git", RemoteUrl.Parse("git@github.com:team/config.git", "/").Value);
    }

    [Fact]
    public void A_missing_local_path_says_there_is_no_such_folder_and_what_to_give()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-config-{Guid.NewGuid():N}");
        var error = FaultAssert.Usage(() => RemoteUrl.Parse(missing, "/"));
        Assert.Equal($"--config-repo {missing}: there is no folder {missing}. Give the path of the config repo's git repository (bare or not), " +
            "or its URL (git://, http(s)://, ssh:// or user@host:path).", error.Message);
        FaultAssert.Usage(() => RemoteUrl.Parse(new Uri(missing).AbsoluteUri, "/"));
    }

    [Fact]
    public void An_unknown_scheme_is_refused_without_showing_credentials()
    {
        var error = FaultAssert.Usage(() => RemoteUrl.Parse("ftp://ci:pw-1234@host/config.git", "/"));
        Assert.Contains("'ftp://host/config.git' uses a scheme git cannot use here", error.Message);
        Assert.DoesNotContain("pw-1234", error.Message);
    }
}
