using Pipelines.Images;
using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// Sets a container's image in a manifest file's text, changing only the characters of the value (its
/// quoting kept). An <c>app.kubernetes.io/version</c> label equal to the old tag follows the new tag.
/// Other containers using the same repository (sidecars, init containers) keep their image. Pure: text in, text out.
/// </summary>
internal static class ImageEdit
{
    public const string VersionLabel = "app.kubernetes.io/version";

    public static ImageEditResult SetImage(
        string text, string file, string workloadId, string container, string image, string defaultNamespace)
    {
        var workload = WorkloadReader.Read(file, text, defaultNamespace).FirstOrDefault(w => w.Id == workloadId)
            ?? throw new ManifestException(file, 0, 0, $"workload {workloadId} is no longer in this file.");
        return SetImage(text, file, workload, container, image);
    }

    /// <summary>Sets the image of the workload at <paramref name="document"/> and <paramref name="path"/> of the file: how a workload is
    /// found again when its id is not what the file says (kustomize gives it a namespace or a name prefix).</summary>
    public static ImageEditResult SetImageAt(string text, string file, int document, YamlPath path, string container, string image)
    {
        var workload = WorkloadReader.Read(file, text, "default").FirstOrDefault(w => w.DocumentIndex == document && w.Path == path)
            ?? throw new ManifestException(file, 0, 0, $"the workload at {path} of document {document + 1} is no longer in this file.");
        return SetImage(text, file, workload, container, image);
    }

    private static ImageEditResult SetImage(string text, string file, Workload workload, string container, string image)
    {
        var workloadId = workload.Id;
        var target = workload.Containers.FirstOrDefault(c => c.Name == container)
            ?? throw new ManifestException(file, workload.Line, 0,
                $"{workloadId} has no container '{container}'; its containers: {string.Join(", ", workload.Containers.Select(c => c.Name))}.");

        var edits = new List<TextEdit>();
        var changes = new List<ContainerChange>();
        var intent = new List<IntendedValue>();
        if (target.Image == image) return new ImageEditResult(text, changes, intent);
        edits.Add(Replace(target.ImageNode, image));
        changes.Add(new ContainerChange(workloadId, target.Name, target.Image, image));
        intent.Add(new IntendedValue(workload.DocumentIndex, target.ImagePath, image));

        var (oldTag, newTag) = (ImageReference.TagOf(target.Image), ImageReference.TagOf(image));
        if (oldTag is not null && newTag is not null && oldTag != newTag)
        {
            var metadatas = new[] { (workload.Manifest["metadata"] as YamlMapping, (YamlPath?)workload.Path.Then("metadata")), (workload.TemplateMetadata, workload.TemplateMetadataPath) };
            foreach (var (metadata, path) in metadatas)
            {
                if ((metadata?["labels"] as YamlMapping)?[VersionLabel] is YamlScalar label && label.Value == oldTag)
                {
                    edits.Add(Replace(label, newTag));
                    intent.Add(new IntendedValue(workload.DocumentIndex, path!.Then("labels", VersionLabel), newTag));
                }
            }
        }
        return new ImageEditResult(TextEdit.Apply(text, edits), changes, intent);
    }

    public static TextEdit Replace(YamlScalar scalar, string value) =>
        new(scalar.ValueStart, scalar.End, ScalarText.Format(value, scalar.Style));
}
