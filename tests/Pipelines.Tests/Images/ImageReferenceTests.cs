using Pipelines.Images;

namespace Pipelines.Tests.Images;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("nginx", "docker.io", "library/nginx", null, "docker.io/library/nginx")]
    [InlineData("nginx:1.25", "docker.io", "library/nginx", "1.25", "docker.io/library/nginx:1.25")]
    [InlineData("weaveworksdemos/front-end:0.3.12", "docker.io", "weaveworksdemos/front-end", "0.3.12", "docker.io/weaveworksdemos/front-end:0.3.12")]
    [InlineData("docker.io/nginx", "docker.io", "library/nginx", null, "docker.io/library/nginx")]
    [InlineData("index.docker.io/library/nginx:latest", "docker.io", "library/nginx", "latest", "docker.io/library/nginx:latest")]
    [InlineData("localhost/app", "localhost", "app", null, "localhost/app")]
    [InlineData("localhost:5000/app:1", "localhost:5000", "app", "1", "localhost:5000/app:1")]
    [InlineData("127.0.0.1:5000/team/app:v1.2.3", "127.0.0.1:5000", "team/app", "v1.2.3", "127.0.0.1:5000/team/app:v1.2.3")]
    [InlineData("quay.io/org/sub/app:master-7f511af", "quay.io", "org/sub/app", "master-7f511af", "quay.io/org/sub/app:master-7f511af")]
    [InlineData("registry.example.com/a.b_c__d-e---f", "registry.example.com", "a.b_c__d-e---f", null, "registry.example.com/a.b_c__d-e---f")]
    [InlineData("Registry.Example.com/app", "Registry.Example.com", "app", null, "Registry.Example.com/app")]
    [InlineData("my-registry:443/app:_tag", "my-registry:443", "app", "_tag", "my-registry:443/app:_tag")]
    [InlineData("localhost:5000", "docker.io", "library/localhost", "5000", "docker.io/library/localhost:5000")]
    public void Parses_by_the_distribution_grammar(string input, string registry, string repository, string? tag, string formatted)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Null(reference.Digest);
        Assert.Equal(formatted, reference.ToString());
    }

    const string Hex = "3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a";

    [Fact]
    public void Parses_a_digest_alone_and_a_tag_with_a_digest()
    {
        var byDigest = ImageReference.Parse($"localhost:5000/app@sha256:{Hex}");
        var both = ImageReference.Parse($"localhost:5000/app:1.0@sha256:{Hex}");

        Assert.Null(byDigest.Tag);
        Assert.Equal("sha256:" + Hex, byDigest.Digest!.ToString());
        Assert.Equal("1.0", both.Tag);
        Assert.Equal($"localhost:5000/app:1.0@sha256:{Hex}", both.ToString());
        Assert.Equal(Hex[..12], both.Digest!.Short);
    }

    [Theory]
    [InlineData("", "reference", "empty")]
    [InlineData(" app", "reference", "whitespace")]
    [InlineData("app:", "tag ''", "1 to 128")]
    [InlineData("app:-dash", "tag '-dash'", "does not start with")]
    [InlineData("app:.dot", "tag '.dot'", "does not start with")]
    [InlineData("app:has/slash", "registry host 'app:has'", "port number")]
    [InlineData("app:tag!", "tag 'tag!'", "letters, digits")]
    [InlineData("App", "repository 'library/App'", "lowercase")]
    [InlineData("registry.example.com/Team/app", "repository 'Team/app'", "lowercase")]
    [InlineData("registry.example.com/", "repository", "missing")]
    [InlineData("registry.example.com//app", "repository '/app'", "empty path component")]
    [InlineData("app/", "repository 'app/'", "empty path component")]
    [InlineData("-app", "path component '-app'", "separated by")]
    [InlineData("app-", "path component 'app-'", "separated by")]
    [InlineData("a..b", "path component 'a..b'", "separated by")]
    [InlineData("a___b", "path component 'a___b'", "separated by")]
    [InlineData("bad_host.com:5000/app", "registry host 'bad_host.com:5000'", "DNS labels")]
    [InlineData("host.com:port/app", "registry host 'host.com:port'", "port number")]
    [InlineData("-host.com/app", "registry host '-host.com'", "DNS labels")]
    [InlineData("app@sha256:abc", "digest 'sha256:abc'", "64 lowercase hex")]
    [InlineData("app@md5:" + "0123456789abcdef0123456789abcdef", "digest", "sha256:")]
    [InlineData(":1.0", "repository", "missing")]
    public void Invalid_references_name_the_offending_part_and_the_rule(string input, string part, string reason)
    {
        var error = Assert.Throws<ImageReferenceException>(() => ImageReference.Parse(input));

        Assert.StartsWith(part, error.Part);
        Assert.Contains(reason, error.Message);
        Assert.Contains($"'{input}'", error.Message);
    }

    [Fact]
    public void A_tag_may_be_128_characters_but_not_129()
    {
        Assert.Equal(128, ImageReference.Parse("app:" + new string('a', 128)).Tag!.Length);
        Assert.Throws<ImageReferenceException>(() => ImageReference.Parse("app:" + new string('a', 129)));
    }

    [Fact]
    public void A_name_may_not_exceed_255_characters()
    {
        var error = Assert.Throws<ImageReferenceException>(() => ImageReference.Parse("registry.example.com/" + new string('a', 240)));

        Assert.Contains("255", error.Message);
    }

    [Fact]
    public void Formatting_and_parsing_round_trip()
    {
        foreach (var text in new[] { "docker.io/library/nginx:1", "localhost:5000/a/b/c:x_y.z-1", $"quay.io/o/app:1@sha256:{Hex}" })
            Assert.Equal(text, ImageReference.Parse(ImageReference.Parse(text).ToString()).ToString());
    }

    [Fact]
    public void WithTag_replaces_tag_and_digest_and_checks_the_tag()
    {
        var reference = ImageReference.Parse($"localhost:5000/app:1@sha256:{Hex}");

        Assert.Equal("localhost:5000/app:2", reference.WithTag("2").ToString());
        Assert.Throws<ImageReferenceException>(() => reference.WithTag("no spaces"));
    }
}
