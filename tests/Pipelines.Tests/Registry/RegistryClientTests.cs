using System.Net;
using System.Text;
using Pipelines.Images;
using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class RegistryClientTests(AnonymousRegistry fixture) : IClassFixture<AnonymousRegistry>
{
    [Fact]
    public async Task Pushed_tags_are_listed()
    {
        using var client = new RegistryClient(TestOptions.For());
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(client, repository, "1.0.0");
        await TestImages.PushImageAsync(client, repository, "1.1.0");

        var tags = await client.ListTagsAsync(repository);

        Assert.Equal(["1.0.0", "1.1.0"], tags.Order());
    }

    [Fact]
    public async Task Manifest_digest_is_the_digest_the_push_returned()
    {
        using var client = new RegistryClient(TestOptions.For());
        var repository = fixture.NewRepository();
        var pushed = await TestImages.PushImageAsync(client, repository, "v1");

        var manifest = await client.GetManifestAsync(repository, "v1");
        var head = await client.HeadManifestAsync(repository, "v1");

        Assert.Equal(pushed, manifest.Digest);
        Assert.Equal(pushed, head);
        Assert.Equal(pushed, Digest.Sha256(manifest.Content));
        Assert.IsType<ImageManifest>(manifest.Parse());
    }
}
