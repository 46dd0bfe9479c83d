namespace Pipelines.Targets;

/// <summary>
/// How a CI job runs this build: the command (<c>./build.sh</c>, <c>.tools/pipelines</c>) and the shell lines
/// that install it first when it is not part of the repository (the packaged tool). Generated CI files use it.
/// </summary>
public sealed record CiToolInvocation(string Command, IReadOnlyList<string> Install)
{
    /// <summary>Installing runs <c>dotnet</c>, so agents without the SDK (CircleCI's machine images) get it first.</summary>
    public bool NeedsDotnet => Install.Count > 0;
}
