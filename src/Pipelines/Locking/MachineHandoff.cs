using System.Globalization;

namespace Pipelines.Locking;

/// <summary>
/// What a job of this machine leaves in the machine queue file when it gives up the git lock, for the next job in
/// the queue, with the config branch's new head when the same push delivered its change:
/// <list type="bullet">
/// <item>a "free" commit (<see cref="HeldForQueue"/> false): the next job pushes its lock commit straight onto it,
/// without first asking the server (ls-remote); the push is a compare-and-swap, so it only succeeds if nobody took the
/// lock in between, and then the config head is current too. Refused: the job asks the server as usual.</item>
/// <item>a lock commit held for the queue (<see cref="HeldForQueue"/> true), pushed because other jobs of this machine
/// were waiting: the next job holds the lock without pushing anything. Nobody elsewhere may take a held lock over
/// before seeing it unchanged for a whole TTL, so a handoff well within the TTL is still the lock's state.</item>
/// </list>
/// Only a handoff younger than <see cref="Freshness"/> is tried. <see cref="From"/> is the object cache the commits were
/// pushed from: a job working in another workspace of this machine copies them from there instead of fetching them.
/// </summary>
internal sealed record MachineHandoff(DateTimeOffset At, string Commit, IReadOnlyDictionary<string, string> BranchHeads, bool HeldForQueue = false,
    string? From = null)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);

    public string Format() =>
        string.Join('\n', new[] { At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), $"{(HeldForQueue ? "held" : "lock")} {Commit}" }
            .Concat(BranchHeads.Select(h => $"branch {h.Key} {h.Value}"))
            .Concat(From is null ? [] : [$"from {From}"])) + "\n";

    /// <summary>The handoff in <paramref name="text"/> if it is well formed and fresh at <paramref name="now"/>; else null.</summary>
    public static MachineHandoff? Parse(string text, DateTimeOffset now)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2 || !long.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var millis)) return null;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        if (now - at > Freshness || at > now + Freshness) return null;
        (string Commit, bool Held)? lockCommit = null;
        var heads = new Dictionary<string, string>(StringComparer.Ordinal);
        string? from = null;
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(' ');
            if (parts is ["lock" or "held", var commit] && IsCommitId(commit) && lockCommit is null) lockCommit = (commit, parts[0] == "held");
            else if (parts is ["branch", var branch, var head] && IsCommitId(head)) heads[branch] = head;
            else if (line.StartsWith("from ", StringComparison.Ordinal) && from is null) from = line["from ".Length..]; // a path may hold spaces
            else return null;
        }
        return lockCommit is { } found ? new MachineHandoff(at, found.Commit, heads, found.Held, from) : null;
    }

    private static bool IsCommitId(string text) => text.Length == 40 && text.All(char.IsAsciiHexDigitLower);
}
