using Pipelines.Kubernetes;
using Pipelines.Manifests;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Reporting;
using Pipelines.Targets.Tests.Support;

namespace Pipelines.Tests.Reporting;

/// <summary>
/// Every table as a reviewed snapshot at 80 and 120 columns (issue 24: tables fit the terminal), with names, images and
/// reasons as long as real ones; no line is wider than the terminal. Set UPDATE_SNAPSHOTS=1 to accept a change.
/// </summary>
public sealed class TableSnapshotTests
{
    private const string Registry = "registry.internal.example.com:5000/platform-team";
    private static readonly DateTimeOffset Noon = new(2026, 12, 8, 12, 0, 0, TimeSpan.Zero);

    private static ContainerChange Change(string workload, string container, string from, string to) =>
        new(workload, container, $"{Registry}/{container}:{from}", $"{Registry}/{container}:{to}@sha256:{new string('4', 64)}");

    private static readonly ReleaseReport Report = new("rel-01kbgx5m8n2p4q6r8s0t2v4w6y", "production", "0123456789abcdef0123", true,
    [
        new("shop-production:deployment/front-end-web-application", WorkloadStatus.Failed,
            "rollout failed: pod front-end-web-application-7d9c8b6f5-x2x4z is in ImagePullBackOff (manifest unknown)",
            [Change("shop-production:deployment/front-end-web-application", "front-end", "0.3.12", "0.3.13")]),
        new("shop-production:deployment/carts", WorkloadStatus.Success, null, [Change("shop-production:deployment/carts", "carts", "1.2.0", "1.3.0-rc.1")]),
        new("shop-production:statefulset/orders-database", WorkloadStatus.Skipped, SkipReason.Locked("alice.example", "PCI audit until Friday, ask #platform"), []),
        new("shop-production:deployment/payment", WorkloadStatus.Skipped, SkipReason.UpToDate, []),
    ]) { Branch = "main" };

    private static readonly HistoryEntry[] History =
    [
        new("rel-01kbgx5m8n2p4q6r8s0t2v4w6y", ReleaseAction.Release, "production", [Change("shop-production:deployment/carts", "carts", "1.2.0", "1.3.0-rc.1")],
            "alice.example via https://ci.example.com/job/shop/4411", "0123456789abcdef", Noon, "Release", null, ["shop-production:deployment/carts"]),
        new("rel-01kbgx1a2b3c4d5e6f7g8h9j0k", ReleaseAction.Lock, "production", [], "bob", "fedcba9876543210", Noon.AddHours(-1), "Lock", null,
            ["shop-production:statefulset/orders-database"], "PCI audit until Friday"),
    ];

    private static readonly ServiceRow[] Services =
    [
        new("shop-production:deployment/front-end-web-application", "front-end", $"{Registry}/front-end:0.3.12", "2/3", $"{Registry}/front-end:0.3.13@sha256:{new string('4', 64)}",
            "automated, locked by alice.example: PCI audit until Friday, front-end=semver:~0.3"),
        new("shop-production:deployment/front-end-web-application", "istio-proxy", "docker.io/istio/proxyv2:1.24.2", "", null, null),
        new("shop-production:deployment/carts", "carts", $"{Registry}/carts:1.2.0", "1/1", null, "manual"),
    ];

    private static readonly Drift Drifted = new("production", "0123456789abcdef",
        [new ImageDrift("shop-production:deployment/front-end-web-application", "front-end", $"{Registry}/front-end:0.3.12", $"{Registry}/front-end:hotfix-oncall-2026-12-08")],
        ["shop-production:deployment/recommendations"], ["shop-production:deployment/left-over-experiment"]);

    private static ImageChoice Tag(string tag, int day, bool running = false, bool allowed = true, Rejection? rejected = null) =>
        new(new Pipelines.Images.TaggedImage(tag, Pipelines.Images.Digest.Parse("sha256:" + new string((char)('a' + day % 6), 64)), Noon.AddDays(-day),
            new Dictionary<string, string>()), running, allowed, rejected);

    private static readonly ContainerImages[] Images =
    [
        new("production", "shop-production:deployment/front-end-web-application", "front-end", $"{Registry}/front-end", $"{Registry}/front-end:0.3.12",
            "semver:~0.3",
            [
                Tag("0.4.0-rc.1", 0, allowed: false), Tag("0.3.14", 1, rejected: new Rejection($"{Registry}/front-end:0.3.14", "rel-01kbgx5m8n2p4q6r8s0t2v4w6y", "alice.example", "0123456")),
                Tag("0.3.13", 2), Tag("0.3.12", 5, running: true),
            ], 42),
    ];

    public static TheoryData<string, int> Tables => new()
    {
        { "ReleaseReport", 80 }, { "ReleaseReport", 120 }, { "History", 80 }, { "History", 120 },
        { "ListServices", 80 }, { "ListServices", 120 }, { "Diff", 80 }, { "Diff", 120 }, { "ListImages", 80 }, { "ListImages", 120 },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void The_table_fits_the_terminal_and_reads_as_reviewed(string table, int width)
    {
        var lines = Render(table, width).ToList();

        // History keeps its times and release ids whole: at 80 columns they and the headers alone are wider than that. The
        // sentences around a table (a report's headline and steps, Diff's hints) are the terminal's to wrap.
        var fits = !(table == "History" && width == 80);
        if (fits) Assert.All(TableLines(lines), line => Assert.True(line.Length <= width, $"{line.Length} columns > {width}: {line}"));
        Snapshot.Match(string.Join("\n", lines) + "\n", $"Table.{table}.{width}");
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Wide_output_cuts_nothing(string table, int width)
    {
        _ = width;
        Assert.DoesNotContain(Render(table, TextTable.Unlimited, OutputFormat.Wide), line => line.Contains('…'));
    }

    // From the header row (upper-case words) to the first line that is neither a row nor a continuation (starts with a capital
    // letter and is not the header, or is a sentence of Diff's).
    private static IEnumerable<string> TableLines(IReadOnlyList<string> lines)
    {
        var header = lines.ToList().FindIndex(l => l.Length > 0 && l.Split("  ", StringSplitOptions.RemoveEmptyEntries).All(c => c.Trim() == c.Trim().ToUpperInvariant()));
        return lines.Skip(header).TakeWhile((l, i) => i == 0 || !(l.StartsWith("Unchanged:") || l.StartsWith("Took ") || l.StartsWith("missing in")
            || l.StartsWith("not in the") || l.StartsWith("Sync puts")));
    }

    private static IEnumerable<string> Render(string table, int width, OutputFormat output = OutputFormat.Text) => table switch
    {
        "ReleaseReport" => ReleaseReportRenderer.Table(Report, TimeSpan.FromSeconds(4.2), output, width),
        "History" => HistoryReport.Table(History, output, width),
        "ListServices" => ServiceListing.Text(Services, withPolicy: true, output, width),
        "Diff" => DriftReport.Text(Drifted, output, width),
        "ListImages" => ContainerImagesText.Text(Images, output, width),
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };
}
