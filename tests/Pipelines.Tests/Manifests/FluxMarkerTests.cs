using Pipelines.Config;
using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

/// <summary>Flux v2's setter markers and ImagePolicy objects, read as the image-automation-controller reads them.</summary>
public class FluxMarkerTests
{
    private static readonly EnvironmentConfig Staging = new("staging", "apps/staging", "apps", Automation.Manual, "glob:*", null, null, null, 1);

    private const string HelmRelease = """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: frontend
          namespace: flux-system
        spec:
          targetNamespace: shop
          values:
            replicas: 2
            image:
              repository: registry.example.com/frontend # {"$imagepolicy": "flux-system:frontend:name"}
              tag: "main-7f511af-100"  #  {"$imagepolicy":"flux-system:frontend:tag"}
            sidecar:
              image: envoy:1.28 # {"$imagepolicy": "flux-system:envoy"}

        """;

    private const string Policies = """
        apiVersion: image.toolkit.fluxcd.io/v1beta2
        kind: ImageRepository
        metadata: {name: frontend, namespace: flux-system}
        spec: {image: registry.example.com/frontend, interval: 1m}
        ---
        apiVersion: image.toolkit.fluxcd.io/v1beta2
        kind: ImagePolicy
        metadata: {name: frontend, namespace: flux-system}
        spec:
          imageRepositoryRef: {name: frontend}
          filterTags:
            pattern: '^main-[a-fA-F0-9]+-(?P<ts>.*)'
            extract: '$ts'
          policy:
            numerical:
              order: asc
        ---
        apiVersion: image.toolkit.fluxcd.io/v1beta2
        kind: ImagePolicy
        metadata: {name: podinfo, namespace: flux-system}
        spec:
          imageRepositoryRef: {name: podinfo}
          policy:
            semver: {range: ">=6.0.0, <7.0.0"}

        """;

    [Fact]
    public void Markers_name_the_policy_and_the_part_of_the_image_each_field_holds()
    {
        var markers = FluxMarkers.Find("frontend.yaml", HelmRelease);

        Assert.Equal([("spec.values.image.repository", MarkedPart.Name), ("spec.values.image.tag", MarkedPart.Tag), ("spec.values.sidecar.image", MarkedPart.Image)],
            markers.Select(m => (m.Path.ToString(), m.Part)));
        Assert.All(markers, m => Assert.Equal("flux-system", m.PolicyNamespace));
        Assert.Equal("main-7f511af-100", markers[1].Value.Value);
    }

    [Fact]
    public void A_marker_that_is_not_a_setter_or_marks_no_value_is_reported_with_its_line()
    {
        var warnings = new List<string>();
        var markers = FluxMarkers.Find("app.yaml", "a: 1 # {\"$imagepolicy\": \"podinfo\"}\n# {\"$imagepolicy\": \"ns:p\"}\nb: 2 # {\"$imagepolicy\": \"ns:p:version\"}\n", warnings: warnings);

        Assert.Empty(markers);
        Assert.Equal([
            "app.yaml:1: the Flux marker \"podinfo\" is not <namespace>:<policy>[:name|:tag|:digest]; it is not read.",
            "app.yaml:2: a Flux marker (ns:p) on a line without a value; put it after the value it marks.",
            "app.yaml:3: the Flux marker \"ns:p:version\" is not <namespace>:<policy>[:name|:tag|:digest]; it is not read.",
        ], warnings);
    }

    [Fact]
    public void ImagePolicies_become_tag_filters_in_the_projects_own_words()
    {
        var documents = YamlDocuments.Parse(Policies, "policies.yaml").OfType<YamlMapping>().Where(FluxImagePolicy.IsImagePolicy)
            .Select(d => FluxImagePolicy.Read(d, "policies.yaml", "default")).ToList();

        Assert.Equal("numerical:asc regex:^main-[a-fA-F0-9]+-(?P<ts>.*) extract:$ts", documents[0].TagFilter);
        Assert.Equal("semver:>=6.0.0  <7.0.0", documents[1].TagFilter);
        Assert.Equal(("flux-system", "podinfo"), (documents[1].RepositoryNamespace, documents[1].RepositoryName));
        Pipelines.Images.TagPolicy.Parse(documents[0].TagFilter);
        Pipelines.Images.TagPolicy.Parse(documents[1].TagFilter);
    }

    [Fact]
    public void An_ImagePolicy_without_a_policy_says_what_to_write()
    {
        var document = (YamlMapping)YamlDocuments.Parse("apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImagePolicy\nmetadata: {name: p}\nspec:\n  imageRepositoryRef: {name: p}\n", "p.yaml")[0]!;
        var error = Assert.Throws<ManifestException>(() => FluxImagePolicy.Read(document, "p.yaml", "flux-system"));
        Assert.Contains("ImagePolicy flux-system/p has no policy Pipelines knows; write policy.semver.range, policy.alphabetical or policy.numerical.", error.Message);
    }

    [Fact]
    public void Marked_helm_values_are_an_image_of_the_HelmRelease_with_the_policys_filter_and_automated()
    {
        var files = new Dictionary<string, string>
        {
            ["apps/staging/frontend.yaml"] = HelmRelease,
            ["clusters/staging/image-automation.yaml"] = Policies,
        };

        var scan = EnvironmentScan.Read(RepoFiles.Of(files), Staging);

        var frontend = Assert.Single(scan.Workloads);
        Assert.Equal("shop:helmrelease/frontend", frontend.Id);
        Assert.Equal(["frontend", "envoy"], frontend.Containers.Select(c => c.Name));
        Assert.Equal("registry.example.com/frontend:main-7f511af-100", frontend.Containers[0].Image);
        Assert.Equal("envoy:1.28", frontend.Containers[1].Image);
        var policy = WorkloadPolicy.Of(frontend, Staging);
        Assert.True(policy.Automated);
        Assert.Equal("numerical:asc regex:^main-[a-fA-F0-9]+-(?P<ts>.*) extract:$ts", policy.TagFilterFor("frontend", Staging));
        Assert.Equal("glob:*", policy.TagFilterFor("envoy", Staging));
        Assert.Contains("the Flux marker names ImagePolicy flux-system:envoy, which is not in the config repo", Assert.Single(scan.Warnings));
        Assert.NotNull(scan.RenderedBy);
    }

    [Fact]
    public void A_marker_on_a_containers_image_gives_the_container_its_policy()
    {
        var files = new Dictionary<string, string>
        {
            ["apps/staging/podinfo.yaml"] = "kind: Deployment\nmetadata: {name: podinfo}\nspec:\n  template:\n    spec:\n      containers:\n" +
                "      - name: podinfod\n        image: ghcr.io/stefanprodan/podinfo:6.0.0 # {\"$imagepolicy\": \"flux-system:podinfo\"}\n",
            ["apps/staging/policies.yaml"] = Policies,
        };

        var podinfo = Assert.Single(EnvironmentScan.Read(RepoFiles.Of(files), Staging).Workloads);

        Assert.IsType<ManifestImageSite>(podinfo.Containers[0].Site);
        Assert.Equal("semver:>=6.0.0  <7.0.0", WorkloadPolicy.Of(podinfo, Staging).TagFilterFor("podinfod", Staging));
        Assert.Equal("ImagePolicy flux-system/podinfo", WorkloadPolicy.Of(podinfo, Staging).FilterSources["podinfod"]);
    }

    [Fact]
    public void A_tag_only_marker_takes_its_repository_from_the_ImageRepository()
    {
        var files = new Dictionary<string, string>
        {
            ["apps/staging/values.yaml"] = "image:\n  repository: registry.example.com/frontend\n  tag: main-1-5 # {\"$imagepolicy\": \"flux-system:frontend:tag\"}\n",
            ["clusters/staging/image-automation.yaml"] = Policies,
        };

        var frontend = Assert.Single(EnvironmentScan.Read(RepoFiles.Of(files), Staging).Workloads);

        Assert.Equal("flux-system:imagepolicy/frontend", frontend.Id);
        Assert.Equal("registry.example.com/frontend:main-1-5", frontend.Containers[0].Image);
        Assert.Contains("declared by Flux markers in apps/staging/values.yaml", frontend.AnnotationsRefused);
    }
}
