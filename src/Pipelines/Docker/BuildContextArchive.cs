using System.Formats.Tar;
using System.IO.Pipelines;

namespace Pipelines.Docker;

/// <summary>
/// The build context as the tar stream the engine's <c>/build</c> endpoint reads. Entries are written
/// while the engine reads them, through a pipe of bounded size, so a context of any size costs a few
/// hundred kilobytes of memory. Paths are sorted, so the same files make the same stream.
/// </summary>
internal sealed class BuildContextArchive
{
    // The writer pauses when this much is waiting for the engine, and resumes at half of it.
    const long PauseWriterAt = 1 << 20;

    BuildContextArchive(string directory, string dockerfileEntry, string? externalDockerfile, DockerIgnore ignore)
    {
        Directory = directory;
        DockerfileEntry = dockerfileEntry;
        _externalDockerfile = externalDockerfile;
        _ignore = ignore;
    }

    readonly string? _externalDockerfile;
    readonly DockerIgnore _ignore;

    public string Directory { get; }

    /// <summary>The Dockerfile's name inside the archive, as the engine's <c>dockerfile</c> query parameter names it.</summary>
    public string DockerfileEntry { get; }

    /// <summary>
    /// A context folder and its Dockerfile (default <c>&lt;context&gt;/Dockerfile</c>). A Dockerfile outside
    /// the context is sent under a generated name, as <c>docker build -f</c> does.
    /// </summary>
    public static BuildContextArchive Open(string contextDirectory, string? dockerfile)
    {
        var directory = Path.GetFullPath(contextDirectory);
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"the build context {directory} does not exist; pass --docker-context with the folder that holds the Dockerfile.");
        var dockerfilePath = Path.GetFullPath(dockerfile ?? "Dockerfile", directory);
        if (!File.Exists(dockerfilePath))
            throw new FileNotFoundException($"no Dockerfile at {dockerfilePath}; pass --dockerfile with its path.");
        var relative = Path.GetRelativePath(directory, dockerfilePath).Replace('\\', '/');
        var outside = relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative);
        var entry = outside ? $".dockerfile.{Guid.NewGuid():N}"[..24] : relative;
        return new BuildContextArchive(directory, entry, outside ? dockerfilePath : null, DockerIgnore.Load(directory, entry));
    }

    /// <summary>Starts writing the archive; the returned stream yields it as it is written. A read error surfaces on the stream.</summary>
    public Stream OpenRead(CancellationToken ct)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PauseWriterAt, resumeWriterThreshold: PauseWriterAt / 2, useSynchronizationContext: false));
        _ = Task.Run(async () =>
        {
            try
            {
                await using (var tar = new TarWriter(pipe.Writer.AsStream(leaveOpen: true), TarEntryFormat.Pax, leaveOpen: true))
                {
                    foreach (var (path, name) in Entries())
                        await tar.WriteEntryAsync(path, name, ct);
                    if (_externalDockerfile is not null)
                        await tar.WriteEntryAsync(_externalDockerfile, DockerfileEntry, ct);
                }
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
            }
        }, CancellationToken.None); // never cancelled before it starts: the pipe must always be completed
        return pipe.Reader.AsStream();
    }

    /// <summary>Every file, folder and link sent, in order: (full path, name in the archive).</summary>
    public IEnumerable<(string Path, string Name)> Entries() => Walk(Directory, "");

    IEnumerable<(string, string)> Walk(string folder, string prefix)
    {
        var children = new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal);
        foreach (var child in children)
        {
            var name = prefix + child.Name;
            var excluded = _ignore.Excludes(name);
            var isFolder = child is DirectoryInfo && child.LinkTarget is null;
            if (!excluded) yield return (child.FullName, name);
            // An excluded folder is still walked when a '!' rule may bring back something inside it.
            if (isFolder && (!excluded || _ignore.HasExceptions))
                foreach (var entry in Walk(child.FullName, name + "/"))
                    yield return entry;
        }
    }
}
