using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

/// <summary>An edit changes only the characters of the value it changes: the cases that break other tools.</summary>
public class ImageEditTests
{
    private static string Set(string yaml, string image, string container = "app", string id = "default:deployment/app") =>
        ImageEdit.SetImage(yaml, "app.yaml", id, container, image, "default").Text;

    private static void AssertOnlyValueChanged(string before, string after, string oldValue, string newValue) =>
        Assert.Equal(before.Replace(oldValue, newValue), after);

    [Fact]
    public void Keeps_comments_blank_lines_and_order()
    {
        var yaml = """
            # front door
            apiVersion: apps/v1
            kind: Deployment   # the kind

            metadata:
              name: app # name
            spec:
              template:
                spec:
                  containers:
                  # the main one
                  - name: app
                    image: registry.example.com/app:1.0.0   # pinned by CI

                    ports: [{containerPort: 80}]   # flow with comment
            """;
        AssertOnlyValueChanged(yaml, Set(yaml, "registry.example.com/app:1.1.0"), "app:1.0.0", "app:1.1.0");
    }

    [Theory]
    [InlineData("'registry.example.com/app:1.0.0'", "'registry.example.com/app:2.0.0'")]
    [InlineData("\"registry.example.com/app:1.0.0\"", "\"registry.example.com/app:2.0.0\"")]
    [InlineData("registry.example.com/app:1.0.0", "registry.example.com/app:2.0.0")]
    public void Keeps_the_quoting_style(string before, string after)
    {
        var yaml = $"kind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: {before}\n";
        Assert.Equal(yaml.Replace(before, after), Set(yaml, "registry.example.com/app:2.0.0"));
    }

    [Fact]
    public void Image_first_in_the_list_item_non_indented_sequence_and_crlf()
    {
        var yaml = "kind: Deployment\r\nmetadata:\r\n  name: app\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n      - image: app:1\r\n        name: app\r\n";
        Assert.Equal(yaml.Replace("app:1", "app:2"), Set(yaml, "app:2"));
    }

    [Fact]
    public void Flow_style_containers_one_and_four_space_indents_and_bom()
    {
        var flow = "\uFEFFkind: Deployment\nmetadata: {name: app}\nspec:\n    template:\n        spec:\n            containers: [{name: app, image: 'app:1'}, {name: side, image: proxy:9}]\n";
        Assert.Equal(flow.Replace("'app:1'", "'app:2'"), Set(flow, "app:2"));

        var oneSpace = "kind: Deployment\nmetadata:\n name: app\nspec:\n template:\n  spec:\n   containers:\n   - name: app\n     image: app:1\n";
        Assert.Equal(oneSpace.Replace("app:1", "app:2"), Set(oneSpace, "app:2"));
    }

    [Fact]
    public void Numeric_looking_tags_get_quoted_so_they_stay_strings()
    {
        var yaml = "kind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n  - name: app\n    image: app\n";
        // A bare "1.10" would be fine inside an image, but a value that reads as a number is quoted.
        Assert.Contains("image: \"1.10\"", ImageEdit.SetImage(yaml, "f", "default:pod/app", "app", "1.10", "default").Text);
        Assert.Contains("image: app:1.10\n", ImageEdit.SetImage(yaml, "f", "default:pod/app", "app", "app:1.10", "default").Text);
    }

    [Theory]
    [InlineData("registry.example.com:5000/team/app:0123456789abcdef0123456789abcdef01234567")]
    [InlineData("registry.example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("localhost:5000/app:v1.2.3-rc.1")]
    public void Sha_tags_digests_and_registries_with_ports(string image)
    {
        var yaml = "kind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: app:old\n";
        Assert.Equal(yaml.Replace("app:old", image), Set(yaml, image));
    }

    [Fact]
    public void Other_documents_block_scalars_and_document_end_markers_stay_byte_identical()
    {
        var yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              script: |
                echo "image: app:1"

                exit 0
            ...
            ---
            kind: Deployment
            metadata:
              name: app
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    image: app:1
            ...
            """;
        var edited = Set(yaml, "app:2");
        Assert.Equal(yaml[..yaml.IndexOf("kind: Deployment", StringComparison.Ordinal)], edited[..yaml.IndexOf("kind: Deployment", StringComparison.Ordinal)]);
        Assert.EndsWith("image: app:2\n...", edited);
    }

    [Fact]
    public void Version_label_equal_to_the_old_tag_follows_the_new_tag()
    {
        var yaml = """
            kind: Deployment
            metadata:
              name: app
              labels: {app.kubernetes.io/version: "1.0.0"}
            spec:
              template:
                metadata:
                  labels:
                    app.kubernetes.io/version: 1.0.0
                spec:
                  containers:
                  - name: app
                    image: app:1.0.0
            """;
        var edited = Set(yaml, "app:1.1.0");
        Assert.Equal(yaml.Replace("1.0.0", "1.1.0"), edited);
    }

    [Fact]
    public void Sidecars_of_the_same_repository_keep_their_image()
    {
        var yaml = "kind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: migrate\n        image: app:1\n      containers:\n      - name: app\n        image: app:1\n";
        Assert.Equal(yaml.Replace("      - name: app\n        image: app:1", "      - name: app\n        image: app:2"), Set(yaml, "app:2"));
    }

    [Fact]
    public void Anchored_and_tagged_values_keep_their_anchor_and_tag()
    {
        var yaml = "kind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n  - name: app\n    image: &img !!str app:1\n";
        Assert.Equal(yaml.Replace("app:1", "app:2"), ImageEdit.SetImage(yaml, "f", "default:pod/app", "app", "app:2", "default").Text);
    }

    [Fact]
    public void Unknown_container_lists_the_ones_that_exist()
    {
        var yaml = "kind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n  - name: app\n    image: app:1\n  - name: proxy\n    image: envoy:1\n";
        var error = Assert.Throws<ManifestException>(() => ImageEdit.SetImage(yaml, "pods.yaml", "default:pod/app", "web", "x:1", "default"));
        Assert.Contains("pods.yaml:", error.Message);
        Assert.Contains("has no container 'web'; its containers: app, proxy.", error.Message);
    }

    [Fact]
    public void Malformed_yaml_reports_file_line_and_column()
    {
        var error = Assert.Throws<ManifestException>(() => WorkloadReader.Read("bad.yaml", "kind: Pod\nmetadata:\n  name: [unclosed\n", "default"));
        Assert.StartsWith("bad.yaml:", error.Message);
        Assert.Contains("not valid YAML", error.Message);
    }
}
