namespace Pipelines.ConfigRepo;

/// <summary>One ref a push updates: <paramref name="Branch"/> to <paramref name="Commit"/>, a commit made in the pushing cache.</summary>
/// <param name="Lease">The branch head the commit was built for: the server's branch must still be there (or already at
/// <paramref name="Commit"/>), else the push is refused as "moved". Null: no lease; an update that is not a fast-forward is
/// refused all the same.</param>
/// <param name="Rewrites">The commit does not descend from <paramref name="Lease"/> (a new root commit that keeps the lock
/// branch short): pushed as a forced refspec, which the lease makes a compare-and-swap. Never the config branch's.</param>
public sealed record RefUpdate(string Branch, string Commit, string? Lease = null, bool Rewrites = false);
