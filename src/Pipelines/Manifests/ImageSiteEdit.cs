using Pipelines.Yaml;


namespace Pipelines.Manifests;

/// <summary>Sets a container's image through its site: one writer per kind of place, each returning the new text and the
/// values it meant to set. Pure: text in, text out.</summary>
internal static class ImageSiteEdit
{
    public static ImageEditResult Set(string text, Workload workload, WorkloadContainer container, string image)
    {
        var change = new ContainerChange(workload.Id, container.Name, container.Image, image);
        switch (container.Site)
        {
            case ManifestImageSite site:
            {
                var edited = ImageEdit.SetImageAt(text, site.File, site.Document, site.WorkloadPath, container.Name, image);
                return edited with { Changes = edited.Changes.Select(c => c with { Workload = workload.Id }).ToList() };
            }
            case KustomizeEntrySite site:
            {
                var (result, intent) = KustomizeEntryEdit.Set(text, site.File, site.Index, site.Matched, image);
                return new ImageEditResult(result, result == text ? [] : [change], intent);
            }
            case NewKustomizeEntrySite site:
            {
                // A second container of the same image finds the entry added by the first.
                var existing = Kustomization.Read(site.File, text).Images.FirstOrDefault(e => e.Name == site.Name);
                var (result, intent) = existing is null
                    ? KustomizeEntryEdit.Add(text, site.File, site.Name, image)
                    : KustomizeEntryEdit.Set(text, site.File, existing.Index, site.Name, image);
                return new ImageEditResult(result, result == text ? [] : [change], intent);
            }
            case ImageFieldsSite site:
            {
                var (result, intent) = ImageFieldsEdit.Set(text, site, image);
                return new ImageEditResult(result, result == text ? [] : [change], intent);
            }
            default:
                throw new ManifestException(workload.File, workload.Line, 0, $"{workload.Id} container {container.Name}: no writer for {container.Site?.GetType().Name ?? "an unknown place"}.");
        }
    }
}
