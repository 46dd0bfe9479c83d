using Pipelines.Images;

namespace Pipelines.Releases;

/// <summary>
/// The images rejected in one environment: every image a rollback moved a container away from (by a person or by
/// automation), until an explicit release of that image (Release --image, UpdateConfigRepo, Promote --force, Rollback
/// --to) or Unreject clears it. Releasing another image clears nothing, so two bad builds cannot take turns forever.
/// A rejection holds for every workload of the environment that runs the image's repository. A rollback between two digests of
/// one tag (a moving tag followed by <c>digest:&lt;tag&gt;</c>) rejects that digest only. Read from history alone
/// (the trailers of the tool's commits), newest first: the newest event about an image decides. Pure.
/// </summary>
public sealed class Rejections
{
    private readonly Dictionary<(string Repository, string Tag), Rejection> _byImage;

    private Rejections(Dictionary<(string, string), Rejection> byImage) => _byImage = byImage;

    public static Rejections None { get; } = new([]);

    public IReadOnlyCollection<Rejection> All => _byImage.Values;

    /// <summary>The rejection of this repository and tag (a digest on either side is not compared), or of this very digest of a
    /// moving tag; null when it is not rejected.</summary>
    public Rejection? Of(string image) =>
        (ImageKey(image) is { } key ? _byImage.GetValueOrDefault(key) : null) ?? (DigestKey(image) is { } pinned ? _byImage.GetValueOrDefault(pinned) : null);

    /// <summary>The rejected images of <paramref name="image"/>'s repository, newest rollback first.</summary>
    public IReadOnlyList<Rejection> OfRepository(string image)
    {
        var repository = ImageReference.RepositoryOf(image);
        return _byImage.Where(r => r.Key.Repository == repository).Select(r => r.Value).ToList();
    }

    /// <param name="newestFirst">One environment's history, newest first (all of it: a rejection never expires).</param>
    /// <param name="trusts">Whether an entry's trailers may be believed (its diff makes its changes); null: every entry not already
    /// marked <see cref="HistoryEntry.Untrusted"/>. Asked only of entries that name an image some rollback in the history
    /// left — no other entry can change the result, since only a rollback rejects — so a long history costs few checks.</param>
    public static Rejections From(IEnumerable<HistoryEntry> newestFirst, Func<HistoryEntry, bool>? trusts = null)
    {
        var entries = newestFirst.Where(e => e.Untrusted is null).ToList();
        var rolledBackFrom = entries.Where(e => e.Action == ReleaseAction.Rollback)
            .SelectMany(e => e.Changes.SelectMany(c => Keys(c.From))).ToHashSet();
        bool Matters(HistoryEntry entry) =>
            entry.Changes.Any(c => Keys(c.From).Concat(Keys(c.To)).Any(rolledBackFrom.Contains)) || entry.Unrejected.Any(i => Keys(i).Any(rolledBackFrom.Contains));

        var decided = new HashSet<(string, string)>();
        var rejected = new Dictionary<(string, string), Rejection>();
        void Decide(string image, Rejection? rejection)
        {
            if (ImageKey(image) is not { } key || !decided.Add(key)) return;
            if (rejection is not null) rejected[key] = rejection;
        }
        void DecideDigest(string image, Rejection? rejection)
        {
            if (DigestKey(image) is not { } key || !decided.Add(key)) return;
            if (rejection is not null) rejected[key] = rejection;
        }
        foreach (var entry in entries)
        {
            // A commit whose trailers its diff contradicts decides nothing: a forged rollback must not reject an image, nor a
            // forged release clear one.
            if (trusts is not null && Matters(entry) && !trusts(entry)) continue;
            foreach (var image in entry.Unrejected)
            {
                Decide(image, null);
                DecideDigest(image, null);
            }
            foreach (var change in entry.Changes)
            {
                if (ImageReference.SameTag(change.From, change.To))
                {
                    // One tag at two digests (a moving tag followed by digest): a rollback rejects the digest it left. A re-pin or
                    // an unpin of the same tag moved nothing away: nothing is rejected by it.
                    if (entry.Action == ReleaseAction.Rollback && ImageReference.DigestOf(change.From) is { } left && ImageReference.DigestOf(change.To) is { } back && left != back)
                    {
                        DecideDigest(change.From, new Rejection(change.From, entry.Release, By(entry.Cause), entry.Commit));
                    }
                    DecideDigest(change.To, null);
                    continue;
                }
                DecideDigest(change.To, null);
                switch (entry.Action)
                {
                    case ReleaseAction.Rollback:
                        Decide(change.From, new Rejection(change.From, entry.Release, By(entry.Cause), entry.Commit));
                        Decide(change.To, null);
                        break;
                    case ReleaseAction.Release or ReleaseAction.Promote:
                        // Automation never releases a rejected image, so a release that set one was a person's explicit choice.
                        Decide(change.To, null);
                        break;
                }
            }
        }
        return new Rejections(rejected);
    }

    // Every key an image can decide: its repository and tag, and that tag at its digest.
    private static IEnumerable<(string, string)> Keys(string image) => new[] { ImageKey(image), DigestKey(image) }.OfType<(string, string)>();

    // "alice, https://ci.example.com/job/7" → "alice"
    private static string By(string cause) => cause.Split(", ", 2)[0] is { Length: > 0 } who ? who : "unknown";

    private static (string, string)? ImageKey(string image) =>
        ImageReference.TagOf(image) is { } tag ? (ImageReference.RepositoryOf(image), tag) : null;

    // One digest of a tag: how a moving tag's bad build is rejected without rejecting the tag itself.
    private static (string, string)? DigestKey(string image) =>
        ImageReference.TagOf(image) is { } tag && ImageReference.DigestOf(image) is { } digest ? (ImageReference.RepositoryOf(image), tag + "@" + digest) : null;
}
