using CsCheck;
using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

/// <summary>
/// For manifests written every way people write them — indentation, sequence style, quoting, key order,
/// comments, flow style, CRLF, other documents around — an image edit leaves every character outside the
/// image value as it was, and the result still parses with the new image in place.
/// </summary>
public class ImageEditProperties
{
    private static readonly Gen<string> Tag = Gen.OneOf(
        Gen.Int[0, 99].Select(i => $"1.{i}"),
        Gen.Int[0, 9999].Select(i => $"v{i}.0.1-rc.{i % 7}"),
        Gen.Char["0123456789abcdef"].Array[40].Select(c => new string(c)),
        Gen.OneOf("latest", "master-7f511af", "0123", "1e3", "true"));

    private static readonly Gen<string> Image = Gen.Select(
        Gen.OneOf("", "registry.example.com/", "localhost:5000/", "10.0.0.1:443/team/"),
        Gen.OneOf("app", "front-end", "weaveworksdemos/carts"),
        Tag,
        (registry, name, tag) => $"{registry}{name}:{tag}");

    private sealed record Layout(int Indent, bool IndentedSequence, int Quote, bool ImageFirst, bool Comments, bool Crlf, bool Flow, bool OtherDocuments);

    private static readonly Gen<Layout> Layouts = Gen.Select(Gen.Int[1, 4], Gen.Bool, Gen.Int[0, 2], Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool,
        (indent, indented, quote, first, comments, crlf, flow, others) => new Layout(indent, indented, quote, first, comments, crlf, flow, others));

    private static string Write(Layout layout, string image)
    {
        string I(int level) => new(' ', layout.Indent * level);
        var value = layout.Quote switch { 1 => $"'{image}'", 2 => $"\"{image}\"", _ => ScalarText.Format(image, YamlDotNet.Core.ScalarStyle.Plain) };
        var comment = layout.Comments ? "   # keep me" : "";
        var lines = new List<string>();
        if (layout.OtherDocuments) lines.AddRange(["kind: ConfigMap", "metadata: {name: settings}", "data:", $"{I(1)}script: |", $"{I(2)}image: {image}", $"{I(2)}done", "---"]);
        if (layout.Comments) lines.Add("# the app");
        lines.AddRange(["apiVersion: apps/v1", "kind: Deployment", "metadata:", $"{I(1)}name: app{comment}", "spec:", $"{I(1)}template:", $"{I(2)}spec:"]);
        if (layout.Flow)
        {
            lines.Add($"{I(3)}containers: [{{name: app, image: {value}}}, {{name: proxy, image: envoy:1}}]{comment}");
        }
        else
        {
            lines.Add($"{I(3)}containers:");
            var dash = layout.IndentedSequence ? I(4) : I(3);
            var inner = dash + "  ";
            if (layout.Comments) lines.Add($"{dash}# main container");
            lines.Add(layout.ImageFirst ? $"{dash}- image: {value}{comment}" : $"{dash}- name: app");
            lines.Add(layout.ImageFirst ? $"{inner}name: app" : $"{inner}image: {value}{comment}");
            if (layout.Comments) lines.Add("");
            lines.Add($"{dash}- name: proxy");
            lines.Add($"{inner}image: envoy:1");
        }
        if (layout.OtherDocuments) lines.AddRange(["...", "---", "kind: Service", "metadata: {name: app}"]);
        var newline = layout.Crlf ? "\r\n" : "\n";
        return string.Join(newline, lines) + newline;
    }

    [Fact]
    public void Only_the_image_value_changes()
    {
        Gen.Select(Layouts, Image, Image).Sample((layout, before, after) =>
        {
            var text = Write(layout, before);
            var node = WorkloadReader.Read("app.yaml", text, "default").Single().Containers.First(c => c.Name == "app").ImageNode;

            var (edited, changes) = ImageEdit.SetImage(text, "app.yaml", "default:deployment/app", "app", after, "default");

            var workload = WorkloadReader.Read("app.yaml", edited, "default").Single();
            Assert.Equal(after, workload.Containers.First(c => c.Name == "app").Image);
            Assert.Equal("envoy:1", workload.Containers.First(c => c.Name == "proxy").Image);
            Assert.Equal(before == after ? 0 : 1, changes.Count);
            Assert.Equal(text[..node.ValueStart], edited[..node.ValueStart]);
            Assert.Equal(text[node.End..], edited[^(text.Length - node.End)..]);
        }, iter: 2000);
    }
}
