using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipelines.Server.Hooks;

namespace Pipelines.Tests.Server;

/// <summary>Each registry's push body, as its documentation shows it, read into the tags it pushed; and each way of proving the secret.</summary>
public sealed class HookPayloadTests
{
    private static string[] Read(RegistryService service, string body, string? gitHubEvent = null) =>
        PushBody.Read(service, body, gitHubEvent).Select(p => $"{p.Repository}:{p.Tag}").ToArray();

    [Fact]
    public void Docker_Hub_names_the_repository_on_docker_io_and_the_pushed_tag() =>
        Assert.Equal(["docker.io/weaveworksdemos/carts:1.2.0"], Read(RegistryService.DockerHub, HookBodies.DockerHub("weaveworksdemos/carts", "1.2.0")));

    [Fact]
    public void Quay_names_every_updated_tag_on_the_registry_of_its_docker_url() =>
        Assert.Equal(["quay.example.com/shop/carts:1.2.0", "quay.example.com/shop/carts:latest"],
            Read(RegistryService.Quay, HookBodies.Quay("quay.example.com", "shop/carts", "1.2.0", "latest")));

    [Fact]
    public void Harbor_names_pushed_artifacts_and_nothing_for_other_events()
    {
        Assert.Equal(["harbor.example.com/library/carts:1.2.0"], Read(RegistryService.Harbor, HookBodies.Harbor("harbor.example.com", "library/carts", "1.2.0")));
        Assert.Empty(Read(RegistryService.Harbor, HookBodies.Harbor("harbor.example.com", "library/carts", "1.2.0", type: "PULL_ARTIFACT")));
    }

    [Fact]
    public void GitHub_names_ghcr_io_owner_and_package_in_lowercase_for_both_event_kinds_and_only_published_containers()
    {
        Assert.Equal(["ghcr.io/acme/carts:1.2.0"], Read(RegistryService.GitHub, HookBodies.GitHubPackage("Acme", "carts", "1.2.0"), "package"));
        Assert.Equal(["ghcr.io/acme/carts:1.2.1"], Read(RegistryService.GitHub, HookBodies.GitHubRegistryPackage("acme", "carts", "1.2.1"), "registry_package"));
        Assert.Empty(Read(RegistryService.GitHub, HookBodies.GitHubPackage("acme", "carts", "1.2.0", action: "deleted"), "package"));
    }

    [Fact]
    public void Azure_and_the_distribution_envelope_name_the_request_host()
    {
        Assert.Equal(["myregistry.azurecr.io/carts:1.2.0"], Read(RegistryService.Azure, HookBodies.Azure("myregistry.azurecr.io", "carts", "1.2.0")));
        Assert.Equal(["registry.gitlab.example.com/shop/carts:1.2.0"], Read(RegistryService.Distribution, HookBodies.Envelope("registry.gitlab.example.com", "shop/carts", "1.2.0")));
    }

    [Fact]
    public void A_body_sent_to_the_generic_hook_is_recognised_by_its_shape()
    {
        Assert.Equal(RegistryService.DockerHub, PushBody.Detect(HookBodies.DockerHub("a/b", "1"), null));
        Assert.Equal(RegistryService.Quay, PushBody.Detect(HookBodies.Quay("quay.io", "a/b", "1"), null));
        Assert.Equal(RegistryService.Harbor, PushBody.Detect(HookBodies.Harbor("h.example.com", "a/b", "1"), null));
        Assert.Equal(RegistryService.Azure, PushBody.Detect(HookBodies.Azure("r.azurecr.io", "b", "1"), null));
        Assert.Equal(RegistryService.Distribution, PushBody.Detect(HookBodies.Envelope("r.example.com", "a/b", "1"), null));
        Assert.Equal(RegistryService.GitHub, PushBody.Detect(HookBodies.GitHubPackage("a", "b", "1"), "package"));
        Assert.Null(PushBody.Detect("{\"built\": \"carts\"}", null));
        Assert.Null(PushBody.Detect("not json", null));
    }

    [Fact]
    public void A_body_of_the_wrong_shape_for_its_hook_is_an_error_saying_what_was_expected()
    {
        var error = Assert.ThrowsAny<JsonException>(() => PushBody.Read(RegistryService.DockerHub, HookBodies.Quay("quay.io", "a/b", "1")));
        Assert.Contains("expected Docker Hub's push", error.Message);
    }

    [Fact]
    public void GitHubs_signature_is_the_bodys_hmac_with_the_secret_and_nothing_else_passes()
    {
        var body = Encoding.UTF8.GetBytes(HookBodies.GitHubPackage("acme", "carts", "1.2.0"));
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), body));

        Assert.True(GitHubPackagePush.Signed(body, signature, "s3cret"));
        Assert.False(GitHubPackagePush.Signed(body, signature, "other"));
        Assert.False(GitHubPackagePush.Signed([.. body, (byte)' '], signature, "s3cret"));
        Assert.False(GitHubPackagePush.Signed(body, signature[7..], "s3cret"));
        Assert.False(GitHubPackagePush.Signed(body, null, "s3cret"));
    }

    [Fact]
    public void A_secret_counts_in_the_authorization_header_the_path_or_the_query()
    {
        Assert.True(HookSecret.Carried("Bearer s3cret", null, null, "s3cret"));
        Assert.True(HookSecret.Carried("s3cret", null, null, "s3cret"));
        Assert.True(HookSecret.Carried(null, "s3cret", null, "s3cret"));
        Assert.True(HookSecret.Carried(null, null, "s3cret", "s3cret"));
        Assert.False(HookSecret.Carried("Bearer guess", "guess", "guess", "s3cret"));
        Assert.False(HookSecret.Carried(null, null, null, "s3cret"));
    }
}
