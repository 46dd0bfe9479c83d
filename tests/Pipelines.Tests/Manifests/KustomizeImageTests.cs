using Pipelines.Manifests;

namespace Pipelines.Tests.Manifests;

public class KustomizeImageTests
{
    private const string Kustomization = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [../base]   # the shared manifests
        images:
        - name: weaveworksdemos/front-end
          newTag: "0.3.12"     # released by CI
        - {name: weaveworksdemos/carts, newName: registry.example.com/carts}
        """;

    [Fact]
    public void Finds_image_pointers_with_what_they_resolve_to()
    {
        var images = KustomizeImage.Read("kustomization.yaml", Kustomization);
        Assert.Equal(["weaveworksdemos/front-end:0.3.12", "registry.example.com/carts"], images.Select(i => i.Image));
    }

    [Fact]
    public void Sets_an_existing_new_tag_in_place()
    {
        Assert.Equal(Kustomization.Replace("\"0.3.12\"", "\"0.3.13\""), KustomizeImageEdit.SetTag(Kustomization, "kustomization.yaml", "weaveworksdemos/front-end", "0.3.13"));
    }

    [Fact]
    public void Adds_new_tag_and_digest_in_the_entrys_own_style()
    {
        var digest = "sha256:" + new string('a', 64);
        var flow = KustomizeImageEdit.SetTag(Kustomization, "kustomization.yaml", "weaveworksdemos/carts", "0.4.9", digest);
        Assert.Equal(Kustomization.Replace("- {name: weaveworksdemos/carts, newName:", $"- {{name: weaveworksdemos/carts, newTag: 0.4.9, digest: {digest}, newName:"), flow);

        var block = "images:\n  - name: app\n    newName: registry.example.com/app\n";
        Assert.Equal("images:\n  - name: app\n    newTag: \"1.10\"\n    newName: registry.example.com/app\n", KustomizeImageEdit.SetTag(block, "k.yaml", "app", "1.10"));
    }

    [Fact]
    public void A_new_tag_alone_unpins_a_digest_that_would_keep_the_old_image()
    {
        var digest = "sha256:" + new string('b', 64);
        var block = $"images:\n- name: app\n  newTag: \"1.0\"\n  digest: {digest}\n- name: other\n  newTag: \"2\"\n";
        Assert.Equal("images:\n- name: app\n  newTag: \"1.1\"\n- name: other\n  newTag: \"2\"\n", KustomizeImageEdit.SetTag(block, "k.yaml", "app", "1.1"));
        var flow = $"images: [{{name: app, newTag: \"1.0\", newDigest: {digest}}}]\n";
        Assert.Equal("images: [{name: app, newTag: \"1.1\"}]\n", KustomizeImageEdit.SetTag(flow, "k.yaml", "app", "1.1"));
    }

    [Fact]
    public void Unknown_image_lists_the_images_there_are()
    {
        var error = Assert.Throws<ManifestException>(() => KustomizeImageEdit.SetTag(Kustomization, "envs/prod/kustomization.yaml", "nginx", "1"));
        Assert.Contains("envs/prod/kustomization.yaml: no image 'nginx' under images:; images here: weaveworksdemos/front-end, weaveworksdemos/carts.", error.Message);
    }
}
