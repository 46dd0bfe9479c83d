using CsCheck;
using Pipelines.Config;
using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

/// <summary>
/// The places only Argo CD reads, written every way people write them — an Application's <c>spec.source.helm.parameters</c> list
/// (block or flow items, keys in either order, <c>forcestring</c>, other parameters around), its <c>valuesObject</c>, and the Image
/// Updater's own <c>.argocd-source-&lt;app&gt;.yaml</c> <c>kustomize.images</c> entries (<c>name=ref</c>, other entries around) —
/// with any quoting, indentation, comments, CRLF and documents around: the scan finds the place, and setting the image there
/// replaces exactly the characters of the values that change (their quoting kept), so the file is byte-identical outside them,
/// passes the check before the push, and the scan of the edited files renders the new image.
/// </summary>
public class ArgoPlacesEditProperties
{
    private static readonly EnvironmentConfig Staging = new("staging", "argocd/staging", "shop-staging", Automation.Automatic, "glob:*", null, null, null, 1);
    private static readonly string DigestA = "sha256:" + new string('a', 64);
    private static readonly string DigestB = "sha256:" + new string('b', 64);
    private const string Listed = "registry.example.com/frontend";

    private static readonly Gen<string> Tag = Gen.OneOf(Gen.Int[0, 40].Select(i => $"1.{i}"), Gen.OneOf("main-7f511af-100", "0123", "true", "v2.0.0-rc.1"));

    private static readonly Gen<string?> Digest = Gen.OneOf(Gen.Const((string?)null), Gen.OneOf(DigestA, DigestB).Select(d => (string?)d));

    private static readonly Gen<string> Repository = Gen.OneOf(Listed, "localhost:5000/team/frontend");

    private enum Place { Parameters, ValuesObject, KustomizeOverride }

    /// <param name="Named">Helm: the repository has a field of its own (<c>helm.image-name</c>); without one, the image list names it.</param>
    /// <param name="Flow">Parameters written as flow mappings (<c>- {name: image.tag, value: "1.0"}</c>).</param>
    /// <param name="ValueFirst">A parameter's <c>value:</c> written before its <c>name:</c>.</param>
    private sealed record Layout(Place Place, bool Named, bool Flow, bool ValueFirst, int Quote, bool Crlf, bool Others, int Indent);

    private static readonly Gen<Layout> Layouts = Gen.Select(Gen.Enum<Place>(), Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int[0, 2], Gen.Bool, Gen.Bool, Gen.Int[1, 4],
        (place, named, flow, valueFirst, quote, crlf, others, indent) => new Layout(place, named, flow, valueFirst, quote, crlf, others, indent));

    private static string Q(Layout layout, string value) =>
        layout.Quote switch { 1 => $"'{value}'", 2 => $"\"{value}\"", _ => ScalarText.Format(value, YamlDotNet.Core.ScalarStyle.Plain) };

    private static string Lines(Layout layout, IEnumerable<string> lines)
    {
        var nl = layout.Crlf ? "\r\n" : "\n";
        return string.Join(nl, lines) + nl;
    }

    /// <summary>The files of one layout holding <paramref name="repository"/>:<paramref name="tag"/>[@digest], and the file a release edits.</summary>
    private static (Dictionary<string, string> Files, string Edited) Write(Layout layout, string repository, string tag, string? digest)
    {
        string I(int level) => new(' ', layout.Indent * level);
        var reference = repository + ":" + tag + (digest is null ? "" : "@" + digest);
        if (layout.Place == Place.KustomizeOverride)
        {
            const string Override = "kustomize/frontend/overlays/staging/.argocd-source-frontend-staging.yaml";
            var entries = new List<string>();
            if (layout.Others) entries.Add($"{I(1)}- {Q(layout, "redis=registry.example.com/redis:7.2")}");
            entries.Add($"{I(1)}- {Q(layout, "frontend=" + reference)}   # written by the Image Updater");
            if (layout.Others) entries.Add($"{I(1)}- {Q(layout, "envoy=envoyproxy/envoy:v1.28.0")}");
            var text = Lines(layout, [.. layout.Others ? new[] { "# the Image Updater's parameter overrides" } : [], "kustomize:", $"{I(1)}images:", .. entries]);
            return (new Dictionary<string, string>
            {
                ["argocd/staging/frontend.yaml"] = Application("""
                    argocd-image-updater.argoproj.io/frontend.kustomize.image-name: frontend
                    """, "path: kustomize/frontend/overlays/staging"),
                ["kustomize/frontend/base/kustomization.yaml"] = "resources: [deployment.yaml]\n",
                ["kustomize/frontend/base/deployment.yaml"] =
                    "kind: Deployment\nmetadata: {name: frontend}\nspec:\n  template:\n    spec:\n      containers:\n      - name: frontend\n        image: frontend:0.1\n",
                ["kustomize/frontend/overlays/staging/kustomization.yaml"] = $"resources: [../../base]\nimages:\n- name: frontend\n  newName: {Listed}\n  newTag: \"0.4.9\"\n",
                [Override] = text,
            }, Override);
        }

        // Helm: the Application's own parameters or valuesObject, beside the annotations naming the fields.
        var helm = new List<string>();
        if (layout.Place == Place.Parameters)
        {
            helm.Add($"{I(3)}parameters:");
            string Parameter(string name, string value, bool forceString)
            {
                var pairs = layout.ValueFirst ? new[] { $"value: {Q(layout, value)}", $"name: {name}" } : [$"name: {name}", $"value: {Q(layout, value)}"];
                if (forceString) pairs = [.. pairs, "forcestring: true"];
                return layout.Flow ? $"{I(3)}- {{{string.Join(", ", pairs)}}}" : $"{I(3)}- {pairs[0]}\n" + string.Join("\n", pairs.Skip(1).Select(p => $"{I(3)}  {p}"));
            }
            if (layout.Others) helm.Add(Parameter("replicaCount", "2", false));
            if (layout.Named) helm.Add(Parameter("image.repository", repository, false));
            helm.Add(Parameter("image.tag", tag + (digest is null ? "" : "@" + digest), layout.Others));
            if (layout.Others) helm.Add(Parameter("image.pullPolicy", "IfNotPresent", false));
        }
        else
        {
            helm.Add($"{I(3)}valuesObject:");
            if (layout.Others) helm.Add($"{I(4)}replicaCount: 2   # staging");
            helm.Add($"{I(4)}image:");
            if (layout.Named) helm.Add($"{I(5)}repository: {Q(layout, repository)}");
            helm.Add($"{I(5)}tag: {Q(layout, tag + (digest is null ? "" : "@" + digest))}   # set by releases");
            if (layout.Others) helm.Add($"{I(5)}pullPolicy: IfNotPresent");
        }
        var application = Lines(layout, [
            .. layout.Others ? new[] { "apiVersion: v1", "kind: ConfigMap", "metadata: {name: not-this}", "data: {image: not-this:1}", "---" } : [],
            "apiVersion: argoproj.io/v1alpha1",
            "kind: Application",
            "metadata:",
            $"{I(1)}name: frontend-staging",
            $"{I(1)}annotations:",
            $"{I(2)}argocd-image-updater.argoproj.io/image-list: fe={Listed}",
            .. layout.Named ? new[] { $"{I(2)}argocd-image-updater.argoproj.io/fe.helm.image-name: image.repository" } : [],
            $"{I(2)}argocd-image-updater.argoproj.io/fe.helm.image-tag: image.tag",
            "spec:",
            $"{I(1)}source:",
            $"{I(2)}repoURL: https://git.example.com/shop/config.git",
            $"{I(2)}path: charts/frontend",
            $"{I(2)}helm:",
            .. string.Join("\n", helm).Split('\n'),
            $"{I(1)}destination: {{namespace: shop-staging}}",
            .. layout.Others ? new[] { "---", "kind: Service", "metadata: {name: frontend}" } : [],
        ]);
        return (new Dictionary<string, string> { ["argocd/staging/frontend.yaml"] = application, ["charts/frontend/Chart.yaml"] = "apiVersion: v2\nname: frontend\n" },
            "argocd/staging/frontend.yaml");
    }

    private static string Application(string annotations, string source) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: frontend-staging
          annotations:
            argocd-image-updater.argoproj.io/image-list: frontend={Listed}
            {annotations}
        spec:
          source: {"{"}repoURL: https://git.example.com/shop/config.git, {source}{"}"}
          destination: {"{"}namespace: shop-staging{"}"}

        """;

    private static (Workload Workload, WorkloadContainer Container) Read(Dictionary<string, string> files)
    {
        var workload = Assert.Single(EnvironmentScan.Read(RepoFiles.Of(files), Staging).Workloads);
        return (workload, Assert.Single(workload.Containers));
    }

    [Fact]
    public void Only_the_values_that_change_change_and_Argo_CD_renders_the_new_image()
    {
        Gen.Select(Layouts, Gen.Select(Repository, Tag, Digest), Gen.Select(Repository, Tag, Digest)).Sample((layout, before, after) =>
        {
            // A place with no repository field of its own keeps the image list's; a tag field alone pins a digest only as the
            // writer's rule says (ImageFieldsEditProperties covers that), so Helm images here move by tag.
            var whole = layout.Place == Place.KustomizeOverride;
            var fixedName = !whole && !layout.Named;
            var (fromRepository, fromDigest) = (fixedName ? Listed : before.Item1, whole ? before.Item3 : null);
            var (toRepository, toDigest) = (fixedName ? Listed : after.Item1, whole ? after.Item3 : null);
            var (files, path) = Write(layout, fromRepository, before.Item2, fromDigest);
            var image = toRepository + ":" + after.Item2 + (toDigest is null ? "" : "@" + toDigest);
            var (workload, container) = Read(files);
            Assert.Equal(fromRepository + ":" + before.Item2 + (fromDigest is null ? "" : "@" + fromDigest), container.Image);
            Assert.Equal(path, container.Site.File);
            var text = files[path];

            var result = ImageSiteEdit.Set(text, workload, container, image);

            // The text expected: each changed value's characters replaced by the new value in the old value's quoting.
            var document = ((ImageFieldsSite)container.Site).Document;
            var root = YamlDocuments.Parse(text, path)[document]!;
            var expected = TextEdit.Apply(text, result.Intent.Select(i =>
            {
                Assert.Equal(document, i.Document);
                var scalar = ImageFieldsEdit.Scalar(root, i.Path, path);
                return new TextEdit(scalar.ValueStart, scalar.End, ScalarText.Format(i.Value!, scalar.Style));
            }));
            Assert.Equal(expected, result.Text);
            Assert.Null(ChangeCheck.Problem(path, text, result.Text, result.Intent));
            files[path] = result.Text;
            Assert.Equal(image, Read(files).Container.Image);
        }, iter: 1500);
    }
}
