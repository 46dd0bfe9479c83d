using System.Text;
using Pipelines.Images;
using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class ManifestDocumentTests
{
    static readonly string A = "sha256:" + new string('a', 64);
    static readonly string B = "sha256:" + new string('b', 64);
    static readonly string C = "sha256:" + new string('c', 64);
    static readonly string E = "sha256:" + new string('e', 64);

    static ManifestDocument Parse(string json, string? contentType = null) => ManifestDocument.Parse(Encoding.UTF8.GetBytes(json), contentType);

    static readonly string Index = $$$"""
        {"schemaVersion":2,"mediaType":"{{{ManifestMediaTypes.OciIndex}}}","manifests":[
          {"mediaType":"{{{ManifestMediaTypes.OciManifest}}}","digest":"{{{A}}}","size":1,"platform":{"os":"linux","architecture":"amd64"}},
          {"mediaType":"{{{ManifestMediaTypes.OciManifest}}}","digest":"{{{B}}}","size":1,"platform":{"os":"linux","architecture":"arm","variant":"v7"}},
          {"mediaType":"{{{ManifestMediaTypes.OciManifest}}}","digest":"{{{C}}}","size":1,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
          {"mediaType":"{{{ManifestMediaTypes.OciManifest}}}","digest":"{{{E}}}","size":1,"platform":{"os":"unknown","architecture":"unknown"}}
        ]}
        """;

    [Theory]
    [InlineData("linux/amd64", "a")]
    [InlineData("linux/arm/v7", "b")]
    [InlineData("linux/arm64", "c")]
    [InlineData("linux/arm64/v8", "c")]
    public void Index_selects_the_entry_for_the_platform(string platform, string digestLetter)
    {
        var index = Assert.IsType<IndexManifest>(Parse(Index));

        Assert.Equal("sha256:" + new string(digestLetter[0], 64), index.Select(Platform.Parse(platform))!.Manifest.Digest.ToString());
    }

    [Fact]
    public void Index_has_no_entry_for_a_missing_platform_and_never_offers_attestations()
    {
        var index = Assert.IsType<IndexManifest>(Parse(Index));

        Assert.Null(index.Select(Platform.Parse("linux/arm/v6")));
        Assert.Null(index.Select(Platform.Parse("unknown/unknown")));
        Assert.Equal(["linux/amd64", "linux/arm/v7", "linux/arm64/v8"], index.Platforms.Select(p => p.ToString()));
    }

    [Fact]
    public void Docker_v2_manifest_gives_its_config_digest()
    {
        var manifest = Assert.IsType<ImageManifest>(Parse($$$"""
            {"schemaVersion":2,"mediaType":"{{{ManifestMediaTypes.DockerManifest}}}",
             "config":{"mediaType":"{{{ManifestMediaTypes.DockerConfig}}}","digest":"{{{A}}}","size":7},"layers":[]}
            """));

        Assert.Equal(A, manifest.Config.Digest.ToString());
        Assert.Equal(ManifestMediaTypes.DockerManifest, manifest.MediaType);
    }

    [Fact]
    public void The_content_type_header_decides_the_media_type_and_the_shape_decides_when_there_is_none()
    {
        Assert.IsType<IndexManifest>(Parse(Index.Replace(ManifestMediaTypes.OciIndex, ManifestMediaTypes.DockerManifestList), ManifestMediaTypes.DockerManifestList));
        Assert.IsType<ImageManifest>(Parse($$$"""{"schemaVersion":2,"config":{"digest":"{{{A}}}"}}""", "application/json"));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"schemaVersion":2}""", "neither 'manifests' nor 'config'")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"sha256:zz"}}""", "no valid digest")]
    [InlineData("""{"schemaVersion":1,"mediaType":"application/vnd.docker.distribution.manifest.v1+prettyjws","fsLayers":[]}""", "schema 1")]
    [InlineData("""{"mediaType":"application/vnd.example.other+json"}""", "not an image manifest or index")]
    public void Malformed_manifests_say_what_is_wrong(string json, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Parse(json));

        Assert.Contains(reason, error.Message);
    }
}
