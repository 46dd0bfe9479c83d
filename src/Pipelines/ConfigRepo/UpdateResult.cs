namespace Pipelines.ConfigRepo;

/// <summary>How an update ended: its commit pushed (after how many attempts), or nothing to commit.</summary>
public sealed record UpdateResult(string? Commit, ConfigChange? Change, int Attempts)
{
    public bool Pushed => Commit is not null;
}
