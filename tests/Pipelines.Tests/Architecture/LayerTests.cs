using System.Reflection;

namespace Pipelines.Tests.Architecture;

/// <summary>
/// The direction of dependencies docs/architecture.md draws ("Layers"), checked on the compiled code
/// (<see cref="NamespaceGraph"/>), so that a shortcut across layers fails here instead of growing into the next cycle.
/// </summary>
public sealed class LayerTests
{
    private static readonly Assembly Library = typeof(Pipelines.ReleaseManager.ReleaseOperations).Assembly;
    private static readonly Assembly Server = typeof(Pipelines.Server.WatchServer).Assembly;
    private static readonly NamespaceGraph Graph = NamespaceGraph.Of(Library);

    /// <summary>The bottom: what every layer may use, using nothing of the library itself.</summary>
    private static readonly string[] Foundation = ["Pipelines.Diagnostics", "Pipelines.Faults", "Pipelines.Reporting", "Pipelines.Documents", "Pipelines.Shared"];

    /// <summary>Pure decisions: what a config repo, a manifest, a release or a tag policy says, and what to change.</summary>
    private static readonly string[] Decisions = ["Pipelines.Yaml", "Pipelines.Config", "Pipelines.Images", "Pipelines.Manifests", "Pipelines.Releases"];

    /// <summary>The edges: each talks to one outside system (the machine's files, git, a lock, a registry, Docker, a cluster, a webhook).</summary>
    private static readonly string[] Edges =
        ["Pipelines.Files", "Pipelines.ConfigRepo", "Pipelines.Locking", "Pipelines.Registry", "Pipelines.Docker", "Pipelines.Kubernetes", "Pipelines.Notifications"];

    /// <summary>The libraries through which the edges do I/O.</summary>
    private static readonly string[] IoLibraries = ["LibGit2Sharp", "k8s", "Docker.DotNet", "System.Net.Http", "Polly", "System.Diagnostics.Process"];

    [Fact]
    public void The_library_and_the_server_do_not_reference_the_runner_or_the_command_line()
    {
        foreach (var assembly in new[] { Library, Server })
        {
            var references = assembly.GetReferencedAssemblies().Select(r => r.Name).ToList();
            Assert.DoesNotContain("Pipelines.Targets", references);
            Assert.DoesNotContain("Pipelines.Cli", references);
        }
    }

    [Fact]
    public void Every_namespace_of_the_library_is_in_one_layer()
    {
        var layered = Foundation.Concat(Decisions).Concat(Edges).Append("Pipelines.ReleaseManager").ToHashSet();
        AssertNone(Graph.Uses.Keys.Where(n => n.StartsWith("Pipelines", StringComparison.Ordinal) && !layered.Contains(n)).Select(n => $"{n} is in no layer"));
    }

    [Fact]
    public void The_foundation_uses_nothing_of_the_library() =>
        AssertNone(Foundation.SelectMany(f => OurNamespaces().Where(n => !Foundation.Contains(n)).SelectMany(n => Graph.UsesOf(f, n)).Select(u => $"{f} -> {u.Example}")));

    [Fact]
    public void Decisions_do_no_io() =>
        AssertNone(Decisions.SelectMany(d => IoLibraries.Concat(Edges).SelectMany(io => Graph.UsesOf(d, io).Select(u => $"{d} -> {u.Example}"))));

    [Fact]
    public void Only_the_release_manager_uses_the_release_manager() =>
        AssertNone(OurNamespaces().Where(n => n != "Pipelines.ReleaseManager").SelectMany(n => Graph.UsesOf(n, "Pipelines.ReleaseManager").Select(u => $"{n} -> {u.Example}")));

    [Fact]
    public void No_two_namespaces_use_each_other()
    {
        var cycles = new List<string>();
        var names = OurNamespaces().ToList();
        foreach (var a in names)
        {
            foreach (var b in names.Where(b => string.CompareOrdinal(a, b) < 0))
            {
                var there = Graph.UsesOf(a, b).ToList();
                var back = Graph.UsesOf(b, a).ToList();
                if (there.Count > 0 && back.Count > 0) cycles.Add($"{a} <-> {b}: {there[0].Example}; {back[0].Example}");
            }
        }
        AssertNone(cycles);
    }

    [Fact]
    public void The_graph_sees_signatures_locals_and_calls_inside_method_bodies()
    {
        // Locking uses ConfigRepo in every way the graph reads, so a reader that goes blind to one of them fails here
        // instead of letting a crossing through the checks above.
        var places = Graph.PlacesOf("Pipelines.Locking", "Pipelines.ConfigRepo").Select(p => p.Place).ToList();

        Assert.Contains(places, p => p.Contains("uses Pipelines.ConfigRepo.IUpdateLock (interface)", StringComparison.Ordinal));
        Assert.Contains(places, p => p.Contains("ObjectCache (field", StringComparison.Ordinal));
        Assert.Contains(places, p => p.Contains(" local)", StringComparison.Ordinal));
        Assert.Contains(places, p => p.Contains(" uses CopyInto)", StringComparison.Ordinal));
    }

    private static IEnumerable<string> OurNamespaces() => Graph.Uses.Keys.Where(n => n.StartsWith("Pipelines.", StringComparison.Ordinal));

    private static void AssertNone(IEnumerable<string> violations)
    {
        var list = violations.ToList();
        Assert.True(list.Count == 0, "Dependencies against the layers (docs/architecture.md, \"Layers\"):\n" + string.Join("\n", list));
    }
}
