using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// Where the image a container runs is written: the field (or fields) its renderer reads — the container's own
/// <c>image:</c>, a kustomization's <c>images:</c> entry, fields marked for Flux, Helm values. Releases, rollbacks and
/// promotions change the image through its site (<see cref="ImageSiteEdit"/>), one writer per kind, each touching only the
/// characters of the values and saying which values it meant to set, so that the check before the push covers them all.
/// </summary>
public abstract record ImageSite
{
    /// <summary>The file holding the place (repository path).</summary>
    public abstract string File { get; }

    /// <summary>Containers whose sites have one key share the place (one kustomize entry for several workloads): changing
    /// the image of one changes them all.</summary>
    public abstract string Key { get; }

    /// <summary>The place, as messages name it: <c>envs/staging/kustomization.yaml images[0] (name: app)</c>.</summary>
    public abstract string Display { get; }

    /// <summary>Whether the place can pin a digest (a whole reference, or a digest field of its own).</summary>
    public abstract bool HoldsDigest { get; }
}

/// <summary>The container's own <c>image:</c> in a manifest: the workload is found again by document and path.</summary>
internal sealed record ManifestImageSite(string File, int Document, YamlPath WorkloadPath, YamlPath ImagePath) : ImageSite
{
    public override string File { get; } = File;

    public override string Key => $"{File}#{Document}:{ImagePath}";

    public override string Display => $"{File} {ImagePath}";

    public override bool HoldsDigest => true;
}

/// <summary>An existing entry of a kustomization's <c>images:</c> that decides the image kustomize renders.</summary>
/// <param name="Index">The entry's index in <c>images:</c>.</param>
/// <param name="Matched">The image as rendered before this entry applies (what its <c>name</c> matched).</param>
internal sealed record KustomizeEntrySite(string File, int Index, string Name, string Matched) : ImageSite
{
    public override string File { get; } = File;

    public override string Key => $"{File}#images[{Index}]";

    public override string Display => $"{File} images[{Index}] (name: {Name})";

    public override bool HoldsDigest => true;
}

/// <summary>An entry to add to the environment's own kustomization, for an image that no kustomization of the environment sets
/// and whose manifest lies outside the environment (a base other environments share): editing the base would release to them too.</summary>
/// <param name="Name">The image name the entry matches: the image as rendered so far, without tag or digest.</param>
internal sealed record NewKustomizeEntrySite(string File, string Name) : ImageSite
{
    public override string File { get; } = File;

    public override string Key => $"{File}#images(name: {Name})";

    public override string Display => $"{File} images (a new entry for {Name})";

    public override bool HoldsDigest => true;
}

/// <summary>Fields of one YAML document holding an image whole or in parts: Flux setter markers, Helm values named by an
/// Argo CD Image Updater annotation or a pipelines.yaml <c>images:</c> entry. Each path is optional; a place without a name
/// field has its repository from where it was declared (<paramref name="KnownName"/>).</summary>
/// <param name="Declared">What declared the fields, for messages: <c>Flux marker flux-system:podinfo</c>.</param>
internal sealed record ImageFieldsSite(string File, int Document, YamlPath? Image, YamlPath? Name, YamlPath? Tag, YamlPath? Digest, string? KnownName, string Declared) : ImageSite
{
    public override string File { get; } = File;

    public override string Key => $"{File}#{Document}:{Image ?? Name ?? Tag}";

    public override string Display => $"{File} {string.Join(", ", new[] { Image, Name, Tag, Digest }.OfType<YamlPath>())} ({Declared})";

    public override bool HoldsDigest => Image is not null || Digest is not null;

    /// <summary>Text before the reference in the whole-reference field, kept as it is: Argo CD's kustomize override
    /// <c>nginx=registry.example.com/nginx:1.25</c> names the image it replaces first.</summary>
    public string? ImagePrefix { get; init; }
}
