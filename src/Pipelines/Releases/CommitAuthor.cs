namespace Pipelines.Releases;

/// <summary>The person a commit is by when it is not the config repo's own identity: someone signed in to the web console.
/// The release manager stays the committer, so <c>git log --format='%an %cn'</c> tells who asked and what wrote it.</summary>
public sealed record CommitAuthor(string Name, string Email);
