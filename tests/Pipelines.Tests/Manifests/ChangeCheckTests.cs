using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

public class ChangeCheckTests
{
    private const string Before = "# carts\nkind: Deployment\nmetadata:\n  name: carts\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: carts\n        image: shop/carts:1.0.0\n";

    private static readonly IntendedValue Image = new(0, YamlPath.Root.Then("spec", "template", "spec", "containers", 0, "image"), "shop/carts:1.2.0");

    [Fact]
    public void Passes_an_edit_that_sets_exactly_the_intended_value_in_any_quoting()
    {
        Assert.Null(ChangeCheck.Problem("carts.yaml", Before, Before.Replace("carts:1.0.0", "carts:1.2.0"), [Image]));
        Assert.Null(ChangeCheck.Problem("carts.yaml", Before, Before.Replace("shop/carts:1.0.0", "\"shop/carts:1.2.0\""), [Image]));
    }

    [Fact]
    public void Refuses_a_change_beside_the_intended_one_naming_file_line_and_path()
    {
        var after = Before.Replace("carts:1.0.0", "carts:1.2.0").Replace("replicas: 2", "replicas: 3");
        Assert.Equal("carts.yaml:6: spec.replicas changed from \"2\" to \"3\"; the change did not mean to change it.", ChangeCheck.Problem("carts.yaml", Before, after, [Image]));
    }

    [Fact]
    public void Refuses_a_value_that_did_not_land_where_it_was_meant()
    {
        Assert.Equal("carts.yaml:11: spec.template.spec.containers[0].image is \"shop/carts:1.0.0\", but the change meant to set \"shop/carts:1.2.0\"; the change did not mean to change it.",
            ChangeCheck.Problem("carts.yaml", Before, Before, [Image]));
    }

    [Fact]
    public void Refuses_a_repeated_key_a_file_that_no_longer_parses_and_a_lost_document()
    {
        var repeated = Before.Replace("  name: carts\n", "  name: carts\n  annotations:\n  annotations: {a: b}\n");
        Assert.StartsWith("carts.yaml:6:3: repeats the key 'annotations'", ChangeCheck.Problem("carts.yaml", Before, repeated, []));
        Assert.Contains("not valid YAML", ChangeCheck.Problem("carts.yaml", Before, Before + "  - [\n", []));
        Assert.Equal("carts.yaml: holds 1 document(s) after the change, 2 before.", ChangeCheck.Problem("carts.yaml", Before + "---\nkind: Service\n", Before, []));
    }

    [Fact]
    public void A_mapping_emptied_by_removals_may_go_or_stay_empty()
    {
        var locked = Before.Replace("  name: carts\n", "  name: carts\n  annotations:\n    pipelines/locked: \"true\"\n");
        var unlock = new IntendedValue(0, YamlPath.Root.Then("metadata", "annotations", "pipelines/locked"), null);
        Assert.Null(ChangeCheck.Problem("carts.yaml", locked, Before, [unlock]));
        Assert.Null(ChangeCheck.Problem("carts.yaml", locked, Before.Replace("  name: carts\n", "  name: carts\n  annotations: {}\n"), [unlock]));
        Assert.Equal("carts.yaml:5: metadata.annotations was added; the change did not mean to change it.",
            ChangeCheck.Problem("carts.yaml", Before, locked, []));
    }
}
