using CsCheck;
using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

/// <summary>
/// For Helm values and marked fields written every way people write them — at the root of a values file or under a HelmRelease's
/// spec.values, name and tag or a whole reference, with or without a digest field, quoting, markers and other comments, CRLF,
/// other documents around — setting the image replaces exactly the characters of the values that change (their quoting kept),
/// renders the new image as the chart would join the fields, and passes the check before the push.
/// </summary>
public class ImageFieldsEditProperties
{
    private static readonly string DigestA = "sha256:" + new string('a', 64);
    private static readonly string DigestB = "sha256:" + new string('b', 64);

    private static readonly Gen<string> Tag = Gen.OneOf(Gen.Int[0, 40].Select(i => $"1.{i}"), Gen.OneOf("main-7f511af-100", "0123", "true", "v2.0.0-rc.1"));

    private static readonly Gen<string?> Digest = Gen.OneOf(Gen.Const((string?)null), Gen.OneOf(DigestA, DigestB).Select(d => (string?)d));

    private sealed record Layout(bool HelmRelease, bool Whole, bool DigestField, int Quote, bool Markers, bool Crlf, bool Others, int Indent);

    private static readonly Gen<Layout> Layouts = Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int[0, 2], Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int[1, 4],
        (helm, whole, digest, quote, markers, crlf, others, indent) => new Layout(helm, whole, digest, quote, markers, crlf, others, indent));

    private static string Q(Layout layout, string value) =>
        layout.Quote switch { 1 => $"'{value}'", 2 => $"\"{value}\"", _ => ScalarText.Format(value, YamlDotNet.Core.ScalarStyle.Plain) };

    private static (string Text, ImageFieldsSite Site) Write(Layout layout, string repository, string tag, string? digest)
    {
        string I(int level) => new(' ', layout.Indent * level);
        string Marker(string part) => layout.Markers ? $" # {{\"$imagepolicy\": \"flux-system:app{part}\"}}" : "   # set by releases";
        var nl = layout.Crlf ? "\r\n" : "\n";
        var lines = new List<string>();
        if (layout.Others) lines.AddRange(["kind: ConfigMap", "data: {image: not-this:1}", "---"]);
        var depth = 0;
        if (layout.HelmRelease)
        {
            lines.AddRange(["apiVersion: helm.toolkit.fluxcd.io/v2", "kind: HelmRelease", "metadata: {name: app}", "spec:", $"{I(1)}values:"]);
            depth = 2;
        }
        lines.Add($"{I(depth)}replicas: 2");
        lines.Add($"{I(depth)}image:");
        YamlPath at = layout.HelmRelease ? YamlPath.Root.Then("spec", "values", "image") : YamlPath.Root.Then("image");
        if (layout.Whole)
        {
            lines.Add($"{I(depth + 1)}full: {Q(layout, repository + ":" + tag + (digest is null ? "" : "@" + digest))}{Marker("")}");
        }
        else
        {
            lines.Add($"{I(depth + 1)}repository: {Q(layout, repository)}{Marker(":name")}");
            lines.Add($"{I(depth + 1)}pullPolicy: IfNotPresent");
            lines.Add($"{I(depth + 1)}tag: {Q(layout, tag + (digest is not null && !layout.DigestField ? "@" + digest : ""))}{Marker(":tag")}");
            if (layout.DigestField) lines.Add($"{I(depth + 1)}digest: {Q(layout, digest ?? "")}{Marker(":digest")}");
        }
        lines.Add($"{I(depth)}resources: {{limits: {{cpu: 100m}}}}");
        if (layout.Others) lines.AddRange(["---", "kind: Service", "metadata: {name: app}"]);
        var site = new ImageFieldsSite("values.yaml", layout.Others ? 1 : 0, layout.Whole ? at.Then("full") : null, layout.Whole ? null : at.Then("repository"),
            layout.Whole ? null : at.Then("tag"), layout.DigestField && !layout.Whole ? at.Then("digest") : null, null, "test");
        return (string.Join(nl, lines) + nl, site);
    }

    [Fact]
    public void Only_the_values_that_change_change_and_the_fields_render_the_new_image()
    {
        var repositories = Gen.OneOf("registry.example.com/app", "localhost:5000/team/app");
        Gen.Select(Layouts, Gen.Select(repositories, Tag, Digest), Gen.Select(repositories, Tag, Digest)).Sample((layout, before, after) =>
        {
            var (text, site) = Write(layout, before.Item1, before.Item2, before.Item3);
            var image = after.Item1 + ":" + after.Item2 + (after.Item3 is null ? "" : "@" + after.Item3);
            var root = YamlDocuments.Parse(text, "values.yaml")[site.Document]!;

            var (edited, intent) = ImageFieldsEdit.Set(text, site, image);

            // The text expected: each changed value's characters replaced by the new value in the old value's quoting.
            var editedRoot = YamlDocuments.Parse(edited, "values.yaml")[site.Document]!;
            var expected = Pipelines.Manifests.TextEdit.Apply(text, intent.Select(i =>
            {
                var scalar = ImageFieldsEdit.Scalar(root, i.Path, "values.yaml");
                return new Pipelines.Manifests.TextEdit(scalar.ValueStart, scalar.End, ScalarText.Format(i.Value!, scalar.Style));
            }));
            Assert.Equal(expected, edited);
            Assert.Null(ChangeCheck.Problem("values.yaml", text, edited, intent));
            var rendered = ImageFieldsRead.Image(editedRoot, site)!;
            var tagOnly = !layout.Whole && !layout.DigestField;
            var onlyDigestMoved = before.Item1 == after.Item1 && before.Item2 == after.Item2;
            Assert.Equal(tagOnly && after.Item3 is not null && !onlyDigestMoved && before.Item3 is null ? image.Split('@')[0] : image, rendered);
        }, iter: 2000);
    }
}
