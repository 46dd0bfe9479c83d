namespace Pipelines.ConfigRepo;

/// <summary>What one fetch found: the branches it asked for (in one connection, so one advertisement of the remote's refs),
/// and the heads of those the remote has. A branch asked for and absent here is absent on the remote.</summary>
internal sealed record FetchedHeads(IReadOnlyCollection<string> Branches, IReadOnlyDictionary<string, string> Heads)
{
    public bool Includes(string branch) => Branches.Contains(branch, StringComparer.Ordinal);
}
