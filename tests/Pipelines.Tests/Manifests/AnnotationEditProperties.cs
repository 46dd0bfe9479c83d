using CsCheck;
using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

/// <summary>
/// Any sequence of annotation sets and removes — Lock, Unlock, Automate, Policy, in any order, on metadata written
/// any way people write it — leaves a file that parses with no repeated key, holds exactly the annotations the
/// sequence says, and passes the check before the push at every step.
/// </summary>
public class AnnotationEditProperties
{
    private const string Id = "shop:deployment/app";

    private static readonly string[] Keys = ["pipelines/locked", "pipelines/locked-by", "pipelines/automated", "pipelines/tag.app"];

    /// <summary>How the metadata starts out: its style, and what its annotations hold.</summary>
    private static readonly string[] Starts =
    [
        "metadata:\n  name: app\n  labels: {a: b}\n",
        "metadata:\n  annotations:\n  name: app\n",
        "metadata:\n  name: app\n  annotations:   # ours\n",
        "metadata:\n  annotations: ~\n  name: app\n",
        "metadata:\n  annotations: {}\n  name: app\n",
        "metadata:\n    name: app   # the app\n    annotations:\n        other: x\n",
        "metadata:\n  annotations: {pipelines/locked: \"true\", other: y}\n  name: app\n",
        "metadata: {name: app}\n",
        "metadata: {name: app, annotations: {}}\n",
        "metadata: {name: app, annotations: null}\n",
    ];

    private static readonly Gen<(string Key, string? Value)> Operation =
        Gen.Select(Gen.Int[0, Keys.Length - 1], Gen.OneOf(Gen.Const((string?)null), Gen.OneOf("true", "false", "alice", "semver:~1.2", "").Select(v => (string?)v)),
            (key, value) => (Keys[key], value));

    [Fact]
    public void Any_sequence_of_sets_and_removes_keeps_the_file_valid_and_exactly_as_meant()
    {
        Gen.Select(Gen.Int[0, Starts.Length - 1], Gen.Bool, Operation.Array[1, 12]).Sample((start, crlf, operations) =>
        {
            var newline = crlf ? "\r\n" : "\n";
            var text = ("# app\napiVersion: apps/v1\nkind: Deployment\n" + Starts[start] + "spec:\n  replicas: 2   # two\n---\nkind: Service\nmetadata: {name: app}\n")
                .Replace("\n", newline);
            var model = Annotations(text);
            foreach (var (key, value) in operations)
            {
                var editor = new ManifestEditor(_ => text);
                editor.SetAnnotation(Read(text), key, value);
                var edits = editor.Edits();
                var after = edits.Count == 0 ? text : edits[0].NewContent!;

                Assert.Null(ChangeCheck.Problem("app.yaml", text, after, edits.Count == 0 ? [] : edits[0].Intent));
                if (value is null) model.Remove(key);
                else model[key] = value;
                Assert.Equal(model.OrderBy(e => e.Key), Annotations(after).OrderBy(e => e.Key));
                Assert.Contains("replicas: 2   # two", after);
                text = after;
            }
        }, iter: 3000);
    }

    [Fact]
    public void Lock_unlock_lock_on_a_workload_whose_only_annotation_was_ours_writes_one_annotations_key()
    {
        var text = "kind: Deployment\nmetadata:\n  name: app\n  annotations:\n    pipelines/locked: \"true\"\nspec: {}\n";
        text = AnnotationEdit.Set(text, "app.yaml", Id, "pipelines/locked", null, "shop");
        Assert.Equal("kind: Deployment\nmetadata:\n  name: app\nspec: {}\n", text);
        text = AnnotationEdit.Set(text, "app.yaml", Id, "pipelines/locked", "true", "shop");
        Assert.Equal("kind: Deployment\nmetadata:\n  annotations:\n    pipelines/locked: \"true\"\n  name: app\nspec: {}\n", text);
    }

    [Fact]
    public void An_empty_annotations_key_is_filled_not_repeated()
    {
        var text = "kind: Deployment\nmetadata:\n  name: app\n  annotations:   # ours\nspec: {}\n";
        Assert.Equal("kind: Deployment\nmetadata:\n  name: app\n  annotations:   # ours\n    pipelines/locked: \"true\"\nspec: {}\n",
            AnnotationEdit.Set(text, "app.yaml", Id, "pipelines/locked", "true", "shop"));
        Assert.Equal("kind: Deployment\nmetadata:\n  name: app\n  annotations: {pipelines/locked: \"true\"}\nspec: {}\n",
            AnnotationEdit.Set(text.Replace("annotations:   # ours", "annotations: ~"), "app.yaml", Id, "pipelines/locked", "true", "shop"));
    }

    [Fact]
    public void A_repeated_key_is_refused_when_read_naming_file_line_and_key()
    {
        var text = "kind: Deployment\nmetadata:\n  name: app\n  annotations:\n  annotations:\n    a: b\n";
        var error = Assert.Throws<ManifestException>(() => WorkloadReader.Read("environments/staging/app.yaml", text, "shop"));
        Assert.Equal("environments/staging/app.yaml:5:3: repeats the key 'annotations' (first at line 4); YAML forbids it and readers disagree about which one counts. Remove one of them.",
            error.Message);
    }

    private static Workload Read(string text) => WorkloadReader.Read("app.yaml", text, "shop").Single();

    private static Dictionary<string, string> Annotations(string text) => Read(text).Annotations.ToDictionary(a => a.Key, a => a.Value);
}
