using CsCheck;
using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

/// <summary>
/// For kustomizations written every way people write them — block or flow entries, indentation, quoting, comments, CRLF,
/// keys present or not, other entries around — setting an entry's image renders exactly the new image, leaves every byte
/// outside that entry as it was, and passes the check before the push; appending an entry only inserts it.
/// </summary>
public class KustomizeEditProperties
{
    private static readonly string DigestA = "sha256:" + new string('a', 64);
    private static readonly string DigestB = "sha256:" + new string('b', 64);

    private static readonly Gen<string> Tag = Gen.OneOf(Gen.Int[0, 30].Select(i => $"1.{i}"), Gen.OneOf("latest", "v2.0.0-rc.1", "0123", "true", "master-7f511af"));

    private static readonly Gen<string> Repository = Gen.OneOf("app", "registry.example.com/app", "localhost:5000/team/app");

    private static readonly Gen<string> NewImage = Gen.Select(Repository, Tag, Gen.OneOf(Gen.Const((string?)null), Gen.OneOf(DigestA, DigestB).Select(d => (string?)d)),
        (repository, tag, digest) => repository + ":" + tag + (digest is null ? "" : "@" + digest));

    private sealed record Layout(bool Flow, int Indent, bool Indented, int Quote, bool HasNewName, bool HasTag, bool HasDigest, bool Comments, bool Crlf, bool Before, bool After);

    private static readonly Gen<Layout> Layouts = Gen.Select(Gen.Bool, Gen.Int[1, 4], Gen.Bool, Gen.Int[0, 2], Gen.Bool, Gen.Bool, Gen.Bool,
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool),
        (flow, indent, indented, quote, newName, tag, digest, rest) => new Layout(flow, indent, indented, quote, newName, tag, digest, rest.Item1, rest.Item2, rest.Item3, rest.Item4));

    /// <summary>The kustomization's text, and the span of the entry for "app" in it.</summary>
    private static (string Text, int Start, int End) Write(Layout layout, string oldTag)
    {
        string Q(string value) => layout.Quote switch { 1 => $"'{value}'", 2 => $"\"{value}\"", _ => ScalarText.Format(value, YamlDotNet.Core.ScalarStyle.Plain) };
        var fields = new List<(string, string)> { ("name", "app") };
        if (layout.HasNewName) fields.Add(("newName", "registry.example.com/app"));
        if (layout.HasTag) fields.Add(("newTag", Q(oldTag)));
        if (layout.HasDigest) fields.Add(("digest", DigestA));
        var nl = layout.Crlf ? "\r\n" : "\n";
        var comment = layout.Comments ? "   # keep" : "";
        var dash = layout.Indented ? new string(' ', layout.Indent) : "";
        var inner = dash + new string(' ', 2);
        string Entry(IEnumerable<(string Key, string Value)> entry) => layout.Flow
            ? dash + "- {" + string.Join(", ", entry.Select(f => $"{f.Key}: {f.Value}")) + "}" + comment + nl
            : dash + "- " + string.Join(nl + inner, entry.Select((f, i) => $"{f.Key}: {f.Value}" + (i == 0 ? comment : ""))) + nl;
        var head = (layout.Comments ? "# overlay" + nl : "") + "resources:" + nl + "- ../base" + nl + "images:" + nl;
        if (layout.Before) head += Entry([("name", "other"), ("newTag", Q("2.0"))]);
        var entryText = Entry(fields);
        var tail = (layout.After ? Entry([("name", "sidecar"), ("newTag", Q("3.0"))]) : "") + (layout.Comments ? nl + "# end" + nl : "");
        return (head + entryText + tail, head.Length, head.Length + entryText.Length);
    }

    [Fact]
    public void Setting_an_entry_renders_the_new_image_and_changes_nothing_outside_the_entry()
    {
        Gen.Select(Layouts, Tag, NewImage).Sample((layout, oldTag, image) =>
        {
            var (text, start, end) = Write(layout, oldTag);
            var matched = "app:0.1";

            var (edited, intent) = KustomizeEntryEdit.Set(text, "k.yaml", layout.Before ? 1 : 0, matched, image);

            var entries = Kustomization.Read("k.yaml", edited).Images;
            var entry = entries.Single(e => e.Name == "app");
            Assert.Equal(image, entry.Apply(matched));
            Assert.Equal(text[..start], edited[..start]);
            Assert.Equal(text[end..], edited[^(text.Length - end)..]);
            Assert.Null(ChangeCheck.Problem("k.yaml", text, edited, intent));
        }, iter: 1500);
    }

    [Fact]
    public void Appending_an_entry_only_inserts_it_and_renders_the_new_image()
    {
        Gen.Select(Layouts, NewImage).Sample((layout, image) =>
        {
            var (text, _, _) = Write(layout, "1.0");
            var name = "registry.example.com/other";

            var (edited, intent) = KustomizeEntryEdit.Add(text, "k.yaml", name, image);

            var prefix = text.Zip(edited).TakeWhile(p => p.First == p.Second).Count();
            var suffix = text.Reverse().Zip(edited.Reverse()).TakeWhile(p => p.First == p.Second).Count();
            Assert.True(prefix + suffix >= text.Length, $"more than an insertion:\n{text}\n---\n{edited}");
            Assert.Equal(image, Kustomization.Read("k.yaml", edited).Images.Single(e => e.Name == name).Apply(name + ":0.1"));
            Assert.Null(ChangeCheck.Problem("k.yaml", text, edited, intent));
        }, iter: 1000);
    }
}
