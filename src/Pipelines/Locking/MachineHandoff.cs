using System.Globalization;

namespace Pipelines.Locking;

/// <summary>
/// What a job of this machine leaves in the machine queue file when it frees the git lock: the "free" commit it
/// pushed and, when the same push delivered its change, the config branch's new head. The next job in the queue
/// pushes its lock commit straight onto that free commit, without first asking the server (ls-remote): the push is
/// a compare-and-swap, so it only succeeds if nobody took the lock in between, and then the config head is current
/// too. If it is refused, the job asks the server as usual. Only a handoff younger than <see cref="Freshness"/> is tried.
/// </summary>
internal sealed record MachineHandoff(DateTimeOffset At, string FreeLockCommit, IReadOnlyDictionary<string, string> BranchHeads)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);

    public string Format() =>
        string.Join('\n', new[] { At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), $"lock {FreeLockCommit}" }
            .Concat(BranchHeads.Select(h => $"branch {h.Key} {h.Value}"))) + "\n";

    /// <summary>The handoff in <paramref name="text"/> if it is well formed and fresh at <paramref name="now"/>; else null.</summary>
    public static MachineHandoff? Parse(string text, DateTimeOffset now)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2 || !long.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var millis)) return null;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        if (now - at > Freshness || at > now + Freshness) return null;
        string? free = null;
        var heads = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parts in lines.Skip(1).Select(l => l.Split(' ')))
        {
            if (parts is ["lock", var commit] && IsCommitId(commit)) free = commit;
            else if (parts is ["branch", var branch, var head] && IsCommitId(head)) heads[branch] = head;
            else return null;
        }
        return free is null ? null : new MachineHandoff(at, free, heads);
    }

    private static bool IsCommitId(string text) => text.Length == 40 && text.All(char.IsAsciiHexDigitLower);
}
