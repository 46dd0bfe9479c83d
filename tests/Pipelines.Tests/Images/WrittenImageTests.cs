using Pipelines.Images;

namespace Pipelines.Tests.Images;

/// <summary>Images as manifests and trailers write them: compared through the grammar when it applies, split as written when not,
/// and changed keeping their spelling (<c>ImageReference.Written.cs</c>).</summary>
public sealed class WrittenImageTests
{
    const string A = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const string B = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Theory]
    [InlineData("nginx", "docker.io/library/nginx")]
    [InlineData("nginx:1.25", "docker.io/library/nginx")]
    [InlineData("library/nginx:1.25", "docker.io/library/nginx")]
    [InlineData("docker.io/nginx", "docker.io/library/nginx")]
    [InlineData("index.docker.io/library/nginx:latest", "docker.io/library/nginx")]
    [InlineData("registry-1.docker.io/team/app:1", "docker.io/team/app")]
    [InlineData("weaveworksdemos/front-end:0.3.12", "docker.io/weaveworksdemos/front-end")]
    [InlineData("localhost:5000/app:1", "localhost:5000/app")]
    [InlineData("localhost:5000/team/app@" + A, "localhost:5000/team/app")]
    [InlineData("127.0.0.1:5000/app:1@" + A, "127.0.0.1:5000/app")]
    [InlineData("localhost/app", "localhost/app")]
    [InlineData("localhost:5000", "docker.io/library/localhost")]
    // Not the grammar's: the name as written.
    [InlineData("App:1", "App")]
    [InlineData("registry.example.com/Team/app:1", "registry.example.com/Team/app")]
    [InlineData("host:5000/app:1:2", "host:5000/app:1")]
    [InlineData("app@sha256:abc", "app")]
    [InlineData("${IMAGE}", "${IMAGE}")]
    public void The_repository_is_canonical_when_the_grammar_reads_the_text(string image, string repository) =>
        Assert.Equal(repository, ImageReference.RepositoryOf(image));

    [Theory]
    [InlineData("nginx", "nginx", null, null)]
    [InlineData("nginx:1.25", "nginx", "1.25", null)]
    [InlineData("localhost:5000/app", "localhost:5000/app", null, null)]
    [InlineData("localhost:5000/app:1", "localhost:5000/app", "1", null)]
    [InlineData("localhost:5000", "localhost", "5000", null)]
    [InlineData("app@" + A, "app", null, A)]
    [InlineData("app:1@" + A, "app", "1", A)]
    [InlineData("host:5000/team/app:1.0@" + A, "host:5000/team/app", "1.0", A)]
    [InlineData("app@sha256:abc", "app", null, "sha256:abc")]
    [InlineData("host:5000/app:1:2", "host:5000/app:1", "2", null)]
    public void Name_tag_and_digest_are_split_as_written(string image, string name, string? tag, string? digest)
    {
        Assert.Equal(name, ImageReference.NameAsWritten(image));
        Assert.Equal(tag, ImageReference.TagOf(image));
        Assert.Equal(digest, ImageReference.DigestOf(image));
        Assert.Equal(digest is null ? image : image[..image.IndexOf('@')], ImageReference.WithoutDigest(image));
    }

    [Theory]
    [InlineData("nginx:1", "docker.io/library/nginx:1", true)]
    [InlineData("library/nginx:1", "nginx:1", true)]
    [InlineData("index.docker.io/library/nginx:1", "nginx:1", true)]
    [InlineData("weaveworksdemos/front-end:0.3.12", "docker.io/weaveworksdemos/front-end:0.3.12", true)]
    [InlineData("app:1", "app:1@" + A, true)]
    [InlineData("app:1@" + A, "app:1@" + B, true)]
    [InlineData("app:1", "app:2", false)]
    [InlineData("app", "app:latest", false)]
    [InlineData("localhost:5000/app:1", "localhost:5001/app:1", false)]
    [InlineData("localhost:5000/app:1", "localhost/app:1", false)]
    [InlineData("App:1", "App:1", true)]
    [InlineData("App:1", "app:1", false)]
    public void Same_tag_compares_canonical_repositories_and_tags_and_ignores_digests(string a, string b, bool same)
    {
        Assert.Equal(same, ImageReference.SameTag(a, b));
        Assert.Equal(same, ImageReference.SameTag(b, a));
    }

    [Theory]
    [InlineData("app:1", "app:1@" + A, true)]
    [InlineData("app:1@" + A, "docker.io/library/app:1@" + A, true)]
    [InlineData("app:1@" + A, "app:1@" + B, false)]
    [InlineData("app:1@" + A, "app:2@" + A, false)]
    public void Same_image_also_compares_digests_both_sides_pin(string a, string b, bool same)
    {
        Assert.Equal(same, ImageReference.SameImage(a, b));
        Assert.Equal(same, ImageReference.SameImage(b, a));
    }

    [Theory]
    [InlineData("weaveworksdemos/front-end:0.3.12", "weaveworksdemos/front-end:0.3.12@" + B)]
    [InlineData("app:1@" + A, "app:1@" + B)]
    [InlineData("localhost:5000/app", "localhost:5000/app@" + B)]
    public void Pinning_keeps_the_spelling_and_replaces_a_digest(string image, string pinned) =>
        Assert.Equal(pinned, ImageReference.Pinned(image, Digest.Parse(B)));

    [Theory]
    [InlineData("weaveworksdemos/front-end:0.3.12", "0.3.13", null, "weaveworksdemos/front-end:0.3.13")]
    [InlineData("localhost:5000/app@" + A, "2", B, "localhost:5000/app:2@" + B)]
    [InlineData("localhost:5000/app", "2", null, "localhost:5000/app:2")]
    [InlineData("nginx:1@" + A, "2", null, "nginx:2")]
    public void Retagging_keeps_the_name_as_written(string image, string tag, string? digest, string retagged) =>
        Assert.Equal(retagged, ImageReference.Retagged(image, tag, digest is null ? null : Digest.Parse(digest)));

    [Theory]
    [InlineData("nginx:1", "nginx")]
    [InlineData("docker.io/library/nginx", "nginx")]
    [InlineData("docker.io/team/app", "team/app")]
    [InlineData("localhost:5000/app:1", "localhost:5000/app")]
    [InlineData("quay.io/library/app", "quay.io/library/app")]
    public void The_familiar_name_is_the_short_form_docker_tags_images_by(string image, string familiar) =>
        Assert.Equal(familiar, ImageReference.Parse(image).FamiliarName);
}
