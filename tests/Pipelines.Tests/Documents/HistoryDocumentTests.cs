using Pipelines.Documents;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.Tests.Documents;

/// <summary>History's JSON says what became of each release and who made it, as values a script can filter on.</summary>
public sealed class HistoryDocumentTests
{
    private static HistoryEntry Entry(string release, ReleaseAction action, string? rollbackOf = null) =>
        new(release, action, "staging", [new ContainerChange("shop:deployment/carts", "carts", "repo/carts:1.0", "repo/carts:1.1")], "alice via CI",
            new string('a', 40), new DateTimeOffset(2026, 12, 8, 1, 2, 3, 456, TimeSpan.FromHours(1)), "subject", rollbackOf, ["shop:deployment/carts"])
        {
            Author = new CommitAuthor("Alice Example", "alice@example.com"),
        };

    [Fact]
    public void A_release_a_later_rollback_undid_is_rolled_back_and_every_entry_names_its_author()
    {
        var entries = new[]
        {
            Entry("rel-2", ReleaseAction.Rollback, rollbackOf: "rel-1"),
            Entry("rel-1", ReleaseAction.Release),
            Entry("rel-0", ReleaseAction.Release),
        };

        var json = Schemas.AssertConforms(ResultWriter.Json(ReleaseDocuments.History(entries)));

        var items = json["items"]!.AsArray();
        Assert.Equal(["committed", "rolled-back", "committed"], items.Select(i => (string?)i!["status"]));
        Assert.All(items, i => Assert.Equal("Alice Example", (string?)i!["user"]!["name"]));
        Assert.All(items, i => Assert.Equal("alice@example.com", (string?)i!["user"]!["email"]));
        Assert.Equal("2026-12-08T00:02:03Z", (string?)items[0]!["time"]);
    }

    [Fact]
    public void An_untrusted_commit_says_so_in_its_status()
    {
        var untrusted = Entry("", ReleaseAction.Release) with { Changes = [] };
        untrusted = untrusted with { Untrusted = "its trailers claim a change its diff does not make" };

        var item = Schemas.AssertConforms(ResultWriter.Json(ReleaseDocuments.History([untrusted])))["items"]![0]!;

        Assert.Equal("untrusted", (string?)item["status"]);
        Assert.Equal("untrusted", (string?)item["action"]);
    }
}
