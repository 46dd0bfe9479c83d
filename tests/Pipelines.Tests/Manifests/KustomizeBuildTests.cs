using Pipelines.Config;
using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

/// <summary>
/// An environment rendered by kustomize is seen as kustomize renders it — bases and overlays by path, images: entries,
/// namespace and name prefix — and every container knows the place a release must change: the overlay's entry, the
/// environment's own manifest, or a new entry in the environment's kustomization (never a base other environments share).
/// </summary>
public class KustomizeBuildTests
{
    private static EnvironmentConfig Environment(string path) => new("staging", path, "default", Automation.Automatic, "glob:*", null, null, null, 1);

    private static string Deployment(string name, string image, string ns = "") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}{{(ns.Length > 0 ? $"\n  namespace: {ns}" : "")}}
        spec:
          template:
            spec:
              containers:
              - name: {{name}}
                image: {{image}}

        """;

    /// <summary>The layout of kustomize's own examples: a base, and an overlay per environment setting images.</summary>
    private static Dictionary<string, string> BaseAndOverlays() => new()
    {
        ["pipelines.yaml"] = "environments: {staging: {path: overlays/staging}}\n",
        ["base/kustomization.yaml"] = "resources:\n- orders.yaml\n- carts.yaml\n",
        ["base/orders.yaml"] = Deployment("orders", "shop/orders:0.4.0"),
        ["base/carts.yaml"] = Deployment("carts", "shop/carts:1.0.0"),
        ["overlays/staging/kustomization.yaml"] = "namespace: shop-staging\nnamePrefix: staging-\nresources:\n- ../../base\nimages:\n- name: shop/orders\n  newTag: 0.4.9\n",
        ["overlays/production/kustomization.yaml"] = "namespace: shop\nresources:\n- ../../base\nimages:\n- name: shop/orders\n  newTag: 0.4.7\n",
    };

    private static EnvironmentScan Scan(Dictionary<string, string> files, string path) => EnvironmentScan.Read(RepoFiles.Of(files), Environment(path));

    [Fact]
    public void Workloads_are_named_and_imaged_as_kustomize_renders_the_overlay()
    {
        var scan = Scan(BaseAndOverlays(), "overlays/staging");

        Assert.Equal(["shop-staging:deployment/staging-orders", "shop-staging:deployment/staging-carts"], scan.Workloads.Select(w => w.Id));
        Assert.Equal("shop/orders:0.4.9", scan.Workloads[0].Containers[0].Image);
        Assert.Equal("shop/carts:1.0.0", scan.Workloads[1].Containers[0].Image);
        Assert.Equal("overlays/staging is rendered by kustomize (overlays/staging/kustomization.yaml)", scan.RenderedBy);
    }

    [Fact]
    public void The_overlays_entry_is_the_place_for_an_image_it_sets()
    {
        var orders = Scan(BaseAndOverlays(), "overlays/staging").Workloads[0].Containers[0];
        Assert.Equal(new KustomizeEntrySite("overlays/staging/kustomization.yaml", 0, "shop/orders", "shop/orders:0.4.0"), orders.Site);
    }

    [Fact]
    public void An_image_only_a_shared_base_sets_gets_a_new_entry_in_the_environments_kustomization()
    {
        var files = BaseAndOverlays();
        files["base/kustomization.yaml"] += "images:\n- name: shop/carts\n  newName: mirror.example.com/carts\n";
        var carts = Scan(files, "overlays/staging").Workloads[1];

        Assert.Equal("mirror.example.com/carts:1.0.0", carts.Containers[0].Image);
        Assert.Equal(new NewKustomizeEntrySite("overlays/staging/kustomization.yaml", "mirror.example.com/carts"), carts.Containers[0].Site);
        Assert.Contains("base/carts.yaml lies outside overlays/staging", carts.AnnotationsRefused);
    }

    [Fact]
    public void The_environments_own_manifest_is_the_place_when_no_entry_sets_its_image()
    {
        var files = new Dictionary<string, string>
        {
            ["envs/staging/kustomization.yaml"] = "resources: [carts.yaml]\n",
            ["envs/staging/carts.yaml"] = Deployment("carts", "shop/carts:1.0.0", "shop"),
        };
        var carts = Assert.Single(Scan(files, "envs/staging").Workloads);
        Assert.Equal("shop:deployment/carts", carts.Id);
        Assert.IsType<ManifestImageSite>(carts.Containers[0].Site);
        Assert.Null(carts.AnnotationsRefused);
    }

    [Fact]
    public void Files_the_kustomization_does_not_list_are_not_rendered_and_plain_folders_beside_it_are_read()
    {
        var files = new Dictionary<string, string>
        {
            ["envs/staging/app/kustomization.yaml"] = "resources: [carts.yaml]\n",
            ["envs/staging/app/carts.yaml"] = Deployment("carts", "shop/carts:1.0.0"),
            ["envs/staging/app/old.yaml"] = Deployment("old", "shop/old:1"),
            ["envs/staging/plain/orders.yaml"] = Deployment("orders", "shop/orders:1"),
        };
        Assert.Equal(["default:deployment/orders", "default:deployment/carts"], Scan(files, "envs/staging").Workloads.Select(w => w.Id));
    }

    [Fact]
    public void Fields_pipelines_does_not_render_are_named_with_their_kustomization_one_warning_per_file()
    {
        var files = BaseAndOverlays();
        files["base/kustomization.yaml"] += "commonLabels: {team: shop}\n";
        files["overlays/staging/kustomization.yaml"] += "patches:\n- path: replicas.yaml\nconfigMapGenerator:\n- {name: settings, literals: [level=info]}\n";

        var scan = Scan(files, "overlays/staging");

        Assert.Equal(
        [
            "overlays/staging/kustomization.yaml: patches, configMapGenerator are not rendered by Pipelines (it reads resources, bases, images, namespace, namePrefix, " +
                "nameSuffix); the images and names shown are what kustomize renders without them.",
            "base/kustomization.yaml: commonLabels is not rendered by Pipelines (it reads resources, bases, images, namespace, namePrefix, nameSuffix); " +
                "the images and names shown are what kustomize renders without them.",
        ], scan.Warnings);
        Assert.Empty(Scan(BaseAndOverlays(), "overlays/staging").Warnings);
    }

    [Fact]
    public void Remote_resources_are_reported_and_missing_ones_are_errors_naming_the_line()
    {
        var files = new Dictionary<string, string>
        {
            ["envs/staging/kustomization.yaml"] = "resources:\n- https://github.com/example/shop//base?ref=v1\n- carts.yaml\n",
            ["envs/staging/carts.yaml"] = Deployment("carts", "shop/carts:1.0.0"),
        };
        Assert.Equal("envs/staging/kustomization.yaml:2: https://github.com/example/shop//base?ref=v1 is fetched from elsewhere; Pipelines does not see its workloads.",
            Assert.Single(Scan(files, "envs/staging").Warnings));

        files["envs/staging/kustomization.yaml"] = "resources:\n- carts.yaml\n- ../base\n";
        var missing = Assert.Throws<ManifestException>(() => Scan(files, "envs/staging"));
        Assert.Equal("envs/staging/kustomization.yaml:3:0: resource ../base does not exist (envs/base); fix the path or remove the entry.", missing.Message);

        files["envs/base/orders.yaml"] = Deployment("orders", "shop/orders:1");
        var folder = Assert.Throws<ManifestException>(() => Scan(files, "envs/staging"));
        Assert.Contains("resource ../base is a folder without a kustomization.yaml", folder.Message);
    }

    [Fact]
    public void A_cycle_of_kustomizations_is_an_error_naming_it()
    {
        var files = new Dictionary<string, string>
        {
            ["envs/staging/kustomization.yaml"] = "resources: [../base]\n",
            ["envs/base/kustomization.yaml"] = "resources: [../staging]\n",
        };
        var error = Assert.Throws<ManifestException>(() => Scan(files, "envs/staging"));
        Assert.Contains("resources form a cycle: envs/staging/kustomization.yaml -> envs/base/kustomization.yaml -> envs/staging/kustomization.yaml", error.Message);
    }
}
