using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

/// <summary>Argo CD Image Updater's annotations read as aliases, and the places of an Application's images found where Argo CD
/// reads them.</summary>
public class ArgoImageUpdaterTests
{
    private static readonly EnvironmentConfig Staging = new("staging", "argocd/staging", "default", Automation.Manual, "glob:*", null, null, null, 1);

    private static IReadOnlyList<ArgoImage> Read(params (string Key, string Value)[] annotations)
    {
        var warnings = new List<string>();
        var images = ArgoImageUpdater.Read(annotations.ToDictionary(a => ArgoImageUpdater.Prefix + a.Key, a => a.Value), "app.yaml:1", warnings);
        Assert.Empty(warnings);
        return images;
    }

    [Fact]
    public void The_image_list_gives_aliases_images_and_constraints()
    {
        var images = Read(("image-list", "fe=registry.example.com:5000/shop/frontend:~1.2, nginx, dex=quay.io/dexidp/dex:>=2.0 <3.0"));

        Assert.Equal(["fe", "nginx", "dex"], images.Select(i => i.Alias));
        Assert.Equal(["registry.example.com:5000/shop/frontend", "nginx", "quay.io/dexidp/dex"], images.Select(i => i.Name));
        Assert.Equal("semver:~1.2", images[0].TagFilter);
        Assert.Equal("semver:*", images[1].TagFilter);
        Assert.Equal("semver:>=2.0 <3.0", images[2].TagFilter);
        Assert.Equal(("image.name", "image.tag"), (images[1].HelmName, images[1].HelmTag));
    }

    [Fact]
    public void Strategies_allow_and_ignore_tags_become_one_tag_filter()
    {
        var images = Read(
            ("image-list", "a=team/a, b=team/b, c=redis:alpine, d=team/d:~1"),
            ("a.update-strategy", "newest-build"), ("a.allow-tags", "regexp:^main-[0-9a-f]{7}$"),
            ("b.update-strategy", "alphabetical"), ("b.ignore-tags", "latest, *-rc*"),
            ("c.update-strategy", "digest"),
            ("d.allow-tags", "regexp:^v"), ("d.helm.image-name", "d.image.repository"), ("d.helm.image-tag", "d.image.tag"));

        Assert.Equal(["regex:^main-[0-9a-f]{7}$", "alphabetical:asc ignore:latest, *-rc*", "digest:alpine", "semver:~1 regex:^v"], images.Select(i => i.TagFilter));
        Assert.All(images, i => TagPolicy.Parse(i.TagFilter));
        Assert.Equal(("d.image.repository", "d.image.tag"), (images[3].HelmName, images[3].HelmTag));
    }

    [Fact]
    public void An_unknown_strategy_falls_back_to_semver_and_an_unknown_allow_function_allows_nothing_both_said()
    {
        var warnings = new List<string>();
        var images = ArgoImageUpdater.Read(new Dictionary<string, string>
        {
            [ArgoImageUpdater.Prefix + "image-list"] = "a=team/a",
            [ArgoImageUpdater.Prefix + "a.update-strategy"] = "newest",
            [ArgoImageUpdater.Prefix + "a.allow-tags"] = "glob:*",
        }, "app.yaml:3", warnings);

        Assert.Equal(2, warnings.Count);
        Assert.Contains("update-strategy \"newest\" is not one of semver, newest-build, latest, alphabetical, name, digest; semver is used", warnings[0]);
        Assert.Empty(TagPolicy.Parse(images[0].TagFilter).Select([new TaggedImage("1.0.0", Digest.Sha256([1]), null, new Dictionary<string, string>())]));
    }

    private static string Application(string values = "", string annotations = "") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: frontend-staging
          namespace: argocd
          annotations:
            argocd-image-updater.argoproj.io/image-list: fe=registry.example.com/frontend:~1.0
            argocd-image-updater.argoproj.io/fe.helm.image-name: image.repository
            argocd-image-updater.argoproj.io/fe.helm.image-tag: image.tag
        {{annotations}}
        spec:
          project: default
          source:
            repoURL: https://git.example.com/config.git
            path: charts/frontend
            helm:
              valueFiles:
                - values.yaml
                - values-staging.yaml
        {{values}}
          destination:
            server: https://kubernetes.default.svc
            namespace: shop-staging

        """.Replace("\n\n", "\n");

    private static Dictionary<string, string> Chart(string application) => new()
    {
        ["argocd/staging/frontend.yaml"] = application,
        ["charts/frontend/Chart.yaml"] = "apiVersion: v2\nname: frontend\nversion: 0.1.0\n",
        ["charts/frontend/values.yaml"] = "image:\n  repository: registry.example.com/frontend\n  tag: \"1.0.0\"\n",
        ["charts/frontend/values-staging.yaml"] = "replicaCount: 1\nimage:\n  tag: \"1.0.3\"   # staging\n",
        ["charts/frontend/templates/deployment.yaml"] = "kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
    };

    private static WorkloadContainer Frontend(Dictionary<string, string> files)
    {
        var scan = EnvironmentScan.Read(RepoFiles.Of(files), Staging);
        var workload = Assert.Single(scan.Workloads);
        Assert.Equal("shop-staging:application/frontend-staging", workload.Id);
        Assert.Equal("semver:~1.0", WorkloadPolicy.Of(workload, Staging).TagFilterFor("fe", Staging));
        Assert.True(WorkloadPolicy.Of(workload, Staging).Automated);
        return Assert.Single(workload.Containers);
    }

    [Fact]
    public void The_last_value_file_holding_the_tag_is_the_place_with_the_image_name_the_list_gives()
    {
        var fe = Frontend(Chart(Application()));
        Assert.Equal(new ImageFieldsSite("charts/frontend/values-staging.yaml", 0, null, null, YamlPath.Root.Then("image", "tag"), null, "registry.example.com/frontend",
            "Argo CD Image Updater fe"), fe.Site);
        Assert.Equal("registry.example.com/frontend:1.0.3", fe.Image);
    }

    [Fact]
    public void ValuesObject_wins_over_value_files_and_parameters_over_both()
    {
        var withValues = Application("""
                  valuesObject:
                    image:
                      repository: registry.example.com/frontend
                      tag: 1.0.5
            """);
        Assert.Equal(YamlPath.Root.Then("spec", "source", "helm", "valuesObject", "image", "tag"), ((ImageFieldsSite)Frontend(Chart(withValues)).Site).Tag);

        var withParameters = Application("""
                  parameters:
                    - name: image.tag
                      value: "1.0.7"
            """);
        var fe = Frontend(Chart(withParameters));
        Assert.Equal(YamlPath.Root.Then("spec", "source", "helm", "parameters", 0, "value"), ((ImageFieldsSite)fe.Site).Tag);
        Assert.Equal("registry.example.com/frontend:1.0.7", fe.Image);
    }

    [Fact]
    public void The_image_updaters_own_override_file_wins_over_everything()
    {
        var files = Chart(Application());
        files["charts/frontend/.argocd-source-frontend-staging.yaml"] = "helm:\n  parameters:\n  - name: image.tag\n    value: 1.0.9\n    forcestring: true\n";

        var fe = Frontend(files);

        Assert.Equal("charts/frontend/.argocd-source-frontend-staging.yaml", fe.Site.File);
        Assert.Equal("registry.example.com/frontend:1.0.9", fe.Image);
    }

    [Fact]
    public void A_kustomize_source_renders_its_workloads_with_the_aliases_policy_and_the_override_file_as_their_place()
    {
        var files = new Dictionary<string, string>
        {
            ["argocd/staging/orders.yaml"] = """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: orders-staging
                  annotations:
                    argocd-image-updater.argoproj.io/image-list: orders=registry.example.com/orders
                    argocd-image-updater.argoproj.io/orders.update-strategy: newest-build
                    argocd-image-updater.argoproj.io/orders.kustomize.image-name: orders
                spec:
                  source: {repoURL: https://git.example.com/config.git, path: kustomize/orders/overlays/staging}
                  destination: {namespace: shop-staging}

                """,
            ["kustomize/orders/base/kustomization.yaml"] = "resources: [deployment.yaml]\n",
            ["kustomize/orders/base/deployment.yaml"] = "kind: Deployment\nmetadata: {name: orders}\nspec:\n  template:\n    spec:\n      containers:\n      - name: orders\n        image: orders:0.1\n",
            ["kustomize/orders/overlays/staging/kustomization.yaml"] = "resources: [../../base]\nimages:\n- name: orders\n  newName: registry.example.com/orders\n  newTag: \"0.4.9\"\n",
        };

        var orders = Assert.Single(EnvironmentScan.Read(RepoFiles.Of(files), Staging).Workloads);
        Assert.Equal("shop-staging:deployment/orders", orders.Id);
        Assert.Equal("registry.example.com/orders:0.4.9", orders.Containers[0].Image);
        Assert.Equal(new KustomizeEntrySite("kustomize/orders/overlays/staging/kustomization.yaml", 0, "orders", "orders:0.1"), orders.Containers[0].Site);
        Assert.Equal("glob:*", WorkloadPolicy.Of(orders, Staging).TagFilterFor("orders", Staging));
        Assert.True(WorkloadPolicy.Of(orders, Staging).Automated);

        files["kustomize/orders/overlays/staging/.argocd-source-orders-staging.yaml"] = "kustomize:\n  images:\n  - orders=registry.example.com/orders:0.5.0\n";
        var overridden = Assert.Single(EnvironmentScan.Read(RepoFiles.Of(files), Staging).Workloads).Containers[0];
        Assert.Equal("registry.example.com/orders:0.5.0", overridden.Image);
        var (text, _) = ImageFieldsEdit.Set(files["kustomize/orders/overlays/staging/.argocd-source-orders-staging.yaml"], (ImageFieldsSite)overridden.Site, "registry.example.com/orders:0.6.0");
        Assert.Equal("kustomize:\n  images:\n  - orders=registry.example.com/orders:0.6.0\n", text);
    }
}
