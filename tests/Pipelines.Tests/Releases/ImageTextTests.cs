using Pipelines.Reporting;

namespace Pipelines.Tests.Releases;

/// <summary>Image references in tables (issue 24): compact when every row shares a registry, whole with -o wide.</summary>
public sealed class ImageTextTests
{
    private const string Digest = "sha256:3f2a9c1b0d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd";

    [Fact]
    public void A_registry_every_reference_shares_is_dropped_and_a_digest_cut_to_12_characters()
    {
        var images = ImageText.For(["registry.example.com/shop/carts:1.2.0@" + Digest, "registry.example.com/shop/front-end:0.3.12", "", null]);
        Assert.Equal("shop/carts:1.2.0@3f2a9c1b0d4e", images.Show("registry.example.com/shop/carts:1.2.0@" + Digest));
        Assert.Equal("shop/front-end:0.3.12", images.Show("registry.example.com/shop/front-end:0.3.12"));
    }

    [Fact]
    public void Registries_that_differ_are_kept_so_that_two_rows_never_look_alike()
    {
        var images = ImageText.For(["registry.example.com/shop/carts:1.2.0", "127.0.0.1:5000/shop/carts:1.2.0"]);
        Assert.Equal("registry.example.com/shop/carts:1.2.0", images.Show("registry.example.com/shop/carts:1.2.0"));
        Assert.Equal("127.0.0.1:5000/shop/carts:1.2.0", images.Show("127.0.0.1:5000/shop/carts:1.2.0"));
    }

    [Fact]
    public void A_docker_hub_name_has_no_registry_to_drop()
    {
        var images = ImageText.For(["weaveworksdemos/carts:0.4.8", "registry.example.com/shop/carts:1.0.0"]);
        Assert.Equal("weaveworksdemos/carts:0.4.8", images.Show("weaveworksdemos/carts:0.4.8"));
        Assert.Equal("registry.example.com/shop/carts:1.0.0", images.Show("registry.example.com/shop/carts:1.0.0"));
    }

    [Fact]
    public void Wide_keeps_every_reference_whole_and_prose_is_never_touched()
    {
        var reference = "registry.example.com/shop/carts:1.2.0@" + Digest;
        Assert.Equal(reference, ImageText.For([reference], OutputFormat.Wide).Show(reference));
        Assert.Equal("(no such container)", ImageText.For([reference]).Show("(no such container)"));
    }
}
