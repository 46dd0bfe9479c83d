using Pipelines.Yaml;


namespace Pipelines.Manifests;

/// <summary>
/// The manifest files one change edits: each file's text as edited so far, and every value the edits meant to set,
/// which <see cref="ChangeCheck"/> compares with the parsed result before anything is pushed. Several workloads may
/// share a file, so every edit re-reads the file as the previous edits left it. Pure: texts in, edits out.
/// </summary>
internal sealed class ManifestEditor(Func<string, string?> read)
{
    private readonly Dictionary<string, (string Before, string Text, List<IntendedValue> Intent)> _files = new(StringComparer.Ordinal);

    /// <summary>Sets a container's image where its renderer reads it (<see cref="ImageSite"/>: the manifest, and a version label
    /// equal to the old tag; a kustomize entry; marked or declared fields); returns the containers changed.</summary>
    public IReadOnlyList<ContainerChange> SetImage(Workload workload, string container, string image)
    {
        var target = workload.Containers.FirstOrDefault(c => c.Name == container)
            ?? throw new ManifestException(workload.File, workload.Line, 0,
                $"{workload.Id} has no container '{container}'; its containers: {string.Join(", ", workload.Containers.Select(c => c.Name))}.");
        var path = target.Site.File;
        var file = Open(path);
        var result = ImageSiteEdit.Set(file.Text, workload, target, image);
        file.Intent.AddRange(result.Intent);
        _files[path] = file with { Text = result.Text };
        return result.Changes;
    }

    /// <summary>Sets (or, with null, removes) an annotation; returns whether the text changed.</summary>
    public bool SetAnnotation(Workload workload, string key, string? value)
    {
        if (workload.AnnotationsRefused is { } why) throw new ManifestException(workload.File, workload.Line, 0, $"{workload.Id}: {why}.");
        var file = Open(workload.File);
        var text = AnnotationEdit.SetAt(file.Text, workload.File, workload.DocumentIndex, workload.Path, workload.Id, key, value);
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
