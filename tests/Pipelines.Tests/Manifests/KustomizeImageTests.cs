using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

/// <summary>kustomize's rules for an images: entry: which images it matches and what it renders them as; and the writer that
/// changes an entry in place, adds keys to it or appends one, saying every value it meant to set.</summary>
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

    private static readonly string Digest = "sha256:" + new string('a', 64);
    private static readonly string OtherDigest = "sha256:" + new string('b', 64);

    private static KustomizeImage Entry(string name, string? newName = null, string? newTag = null, string? digest = null) => new("k.yaml", 0, name, newName, newTag, digest, 1);

    [Theory]
    [InlineData("nginx", "nginx", true)]
    [InlineData("nginx", "nginx:1.25", true)]
    [InlineData("nginx", $"nginx@sha256:aaaa", true)]
    [InlineData("nginx", "nginx:1.25@sha256:aaaa", true)]
    [InlineData("nginx", "docker.io/library/nginx:1.25", false)]
    [InlineData("nginx", "nginx-exporter:1", false)]
    [InlineData("localhost:5000/app", "localhost:5000/app:1", true)]
    public void An_entry_matches_an_image_written_with_its_name_and_any_tag_or_digest(string name, string image, bool matches) =>
        Assert.Equal(matches, Entry(name).Matches(image));

    [Fact]
    public void A_new_tag_replaces_tag_and_digest_a_digest_alone_drops_the_tag_and_both_pin()
    {
        Assert.Equal("nginx:1.26", Entry("nginx", newTag: "1.26").Apply($"nginx:1.25@{Digest}"));
        Assert.Equal($"nginx@{OtherDigest}", Entry("nginx", digest: OtherDigest).Apply("nginx:1.25"));
        Assert.Equal($"nginx:1.26@{OtherDigest}", Entry("nginx", newTag: "1.26", digest: OtherDigest).Apply($"nginx:1.25@{Digest}"));
        Assert.Equal("registry.example.com/nginx:1.25", Entry("nginx", newName: "registry.example.com/nginx").Apply("nginx:1.25"));
    }

    [Fact]
    public void Reads_entries_with_their_fields_and_refuses_an_entry_without_a_name()
    {
        var kustomization = Pipelines.Manifests.Kustomization.Read("envs/staging/kustomization.yaml", Kustomization);
        Assert.Equal(["weaveworksdemos/front-end", "weaveworksdemos/carts"], kustomization.Images.Select(i => i.Name));
        Assert.Equal("0.3.12", kustomization.Images[0].NewTag);
        Assert.Equal("registry.example.com/carts", kustomization.Images[1].NewName);
        Assert.Equal(["../base"], kustomization.Resources.Select(r => r.Path));
        var error = Assert.Throws<ManifestException>(() => Pipelines.Manifests.Kustomization.Read("k.yaml", "images:\n- newTag: 1\n"));
        Assert.Equal("k.yaml:2:3: each images: entry needs a name: (the image name it changes), e.g. - name: nginx", error.Message);
    }

    [Fact]
    public void Sets_an_existing_new_tag_in_place_and_says_so()
    {
        var (text, intent) = KustomizeEntryEdit.Set(Kustomization, "k.yaml", 0, "weaveworksdemos/front-end:0.3.0", "weaveworksdemos/front-end:0.3.13");
        Assert.Equal(Kustomization.Replace("\"0.3.12\"", "\"0.3.13\""), text);
        Assert.Equal([new IntendedValue(0, YamlPath.Root.Then("images", 0, "newTag"), "0.3.13")], intent);
        Assert.Null(ChangeCheck.Problem("k.yaml", Kustomization, text, intent));
    }

    [Fact]
    public void Adds_new_tag_and_digest_in_the_entrys_own_style()
    {
        var (flow, flowIntent) = KustomizeEntryEdit.Set(Kustomization, "k.yaml", 1, "weaveworksdemos/carts:0.4.8", $"registry.example.com/carts:0.4.9@{Digest}");
        Assert.Equal(Kustomization.Replace("- {name: weaveworksdemos/carts, newName:", $"- {{name: weaveworksdemos/carts, digest: {Digest}, newTag: 0.4.9, newName:"), flow);
        Assert.Null(ChangeCheck.Problem("k.yaml", Kustomization, flow, flowIntent));

        var block = "images:\n  - name: app   # ours\n    newName: registry.example.com/app\n";
        var (text, intent) = KustomizeEntryEdit.Set(block, "k.yaml", 0, "app:1.0", "registry.example.com/app:1.10");
        Assert.Equal("images:\n  - name: app   # ours\n    newTag: \"1.10\"\n    newName: registry.example.com/app\n", text);
        Assert.Null(ChangeCheck.Problem("k.yaml", block, text, intent));
    }

    [Fact]
    public void A_new_repository_is_written_as_new_name_only_when_it_differs_from_what_the_entry_matched()
    {
        var block = "images:\n- name: app\n  newTag: \"1.0\"\n";
        Assert.Equal("images:\n- name: app\n  newTag: \"1.1\"\n", KustomizeEntryEdit.Set(block, "k.yaml", 0, "app:1.0", "app:1.1").Text);
        Assert.Equal("images:\n- name: app\n  newName: mirror.example.com/app\n  newTag: \"1.1\"\n",
            KustomizeEntryEdit.Set(block, "k.yaml", 0, "app:1.0", "mirror.example.com/app:1.1").Text);
    }

    [Fact]
    public void A_new_tag_alone_unpins_a_digest_that_would_keep_the_old_image()
    {
        var block = $"images:\n- name: app\n  newTag: \"1.0\"\n  digest: {Digest}\n- name: other\n  newTag: \"2\"\n";
        var (text, intent) = KustomizeEntryEdit.Set(block, "k.yaml", 0, "app:0.9", "app:1.1");
        Assert.Equal("images:\n- name: app\n  newTag: \"1.1\"\n- name: other\n  newTag: \"2\"\n", text);
        Assert.Null(ChangeCheck.Problem("k.yaml", block, text, intent));
        var flow = $"images: [{{name: app, newTag: \"1.0\", digest: {Digest}}}]\n";
        Assert.Equal("images: [{name: app, newTag: \"1.1\"}]\n", KustomizeEntryEdit.Set(flow, "k.yaml", 0, "app:0.9", "app:1.1").Text);
    }

    [Theory]
    [InlineData("resources: [base]\nimages:\n  - name: other   # kept\n    newTag: \"2\"\n\n# the end\n",
        "resources: [base]\nimages:\n  - name: other   # kept\n    newTag: \"2\"\n  - name: app\n    newTag: \"1.1\"\n\n# the end\n")]
    [InlineData("resources: [base]\nimages: [{name: other, newTag: \"2\"}]\n", "resources: [base]\nimages: [{name: other, newTag: \"2\"}, {name: app, newTag: \"1.1\"}]\n")]
    [InlineData("resources: [base]\nimages: []\n", "resources: [base]\nimages: [{name: app, newTag: \"1.1\"}]\n")]
    [InlineData("resources: [base]\n", "resources: [base]\nimages:\n- name: app\n  newTag: \"1.1\"\n")]
    [InlineData("resources: [base]", "resources: [base]\nimages:\n- name: app\n  newTag: \"1.1\"\n")]
    [InlineData("images:\nresources: [base]\n", "images:\n- name: app\n  newTag: \"1.1\"\nresources: [base]\n")]
    [InlineData("images: ~\nresources: [base]\n", "images: [{name: app, newTag: \"1.1\"}]\nresources: [base]\n")]
    public void Appends_an_entry_in_the_style_of_the_ones_there_or_adds_images(string before, string after)
    {
        var (text, intent) = KustomizeEntryEdit.Add(before, "k.yaml", "app", "app:1.1");
        Assert.Equal(after, text);
        Assert.Null(ChangeCheck.Problem("k.yaml", before, text, intent));
    }

    [Fact]
    public void An_entry_that_is_gone_says_to_run_again()
    {
        var error = Assert.Throws<ManifestException>(() => KustomizeEntryEdit.Set("images: []\n", "envs/prod/kustomization.yaml", 2, "app:1", "app:2"));
        Assert.Equal("envs/prod/kustomization.yaml: has no images[2] any more; the kustomization changed while releasing. Run again.", error.Message);
    }
}
