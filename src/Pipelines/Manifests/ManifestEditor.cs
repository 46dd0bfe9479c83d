using Pipelines.ConfigRepo;

namespace Pipelines.Manifests;

/// <summary>
/// The manifest files one change edits: each file's text as edited so far, and every value the edits meant to set,
/// which <see cref="ChangeCheck"/> compares with the parsed result before anything is pushed. Several workloads may
/// share a file, so every edit re-reads the file as the previous edits left it. Pure: texts in, edits out.
/// </summary>
public sealed class ManifestEditor(Func<string, string?> read, string defaultNamespace)
{
    private readonly Dictionary<string, (string Before, string Text, List<IntendedValue> Intent)> _files = new(StringComparer.Ordinal);

    /// <summary>Sets a container's image (and a version label equal to the old tag); returns the containers changed.</summary>
    public IReadOnlyList<ImageChange> SetImage(Workload workload, string container, string image)
    {
        var file = Open(workload.File);
        var result = ImageEdit.SetImage(file.Text, workload.File, workload.Id, container, image, defaultNamespace);
        file.Intent.AddRange(result.Intent);
        _files[workload.File] = file with { Text = result.Text };
        return result.Changes;
    }

    /// <summary>Sets (or, with null, removes) an annotation; returns whether the text changed.</summary>
    public bool SetAnnotation(Workload workload, string key, string? value)
    {
        var file = Open(workload.File);
        var text = AnnotationEdit.Set(file.Text, workload.File, workload.Id, key, value, defaultNamespace);
        if (text == file.Text) return false;
        file.Intent.Add(new IntendedValue(workload.DocumentIndex, workload.Path.Then("metadata", "annotations", key), value));
        _files[workload.File] = file with { Text = text };
        return true;
    }

    /// <summary>The files whose text changed, each with the values it was meant to change.</summary>
    public IReadOnlyList<FileEdit> Edits() =>
        _files.Where(f => f.Value.Text != f.Value.Before).Select(f => new FileEdit(f.Key, f.Value.Text) { Intent = f.Value.Intent }).ToList();

    private (string Before, string Text, List<IntendedValue> Intent) Open(string path)
    {
        if (_files.TryGetValue(path, out var file)) return file;
        var text = read(path) ?? throw new ManifestException(path, 0, 0, "is gone from the config repo.");
        return _files[path] = (text, text, []);
    }
}
