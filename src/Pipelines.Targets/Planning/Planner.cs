namespace Pipelines.Targets.Planning;

/// <summary>
/// The plan: the invoked targets plus their dependencies and triggered targets, ordered so that every
/// dependency, <c>After</c>, <c>Before</c> and trigger edge is respected, declaration order breaking ties.
/// Pure: no I/O, no execution.
/// </summary>
internal static class Planner
{
    public static IReadOnlyList<TargetNode> Plan(IReadOnlyList<TargetNode> targets, IReadOnlyList<string> invoked)
    {
        var byName = targets.ToDictionary(t => t.Name);

        var included = new HashSet<string>();
        var pending = new Queue<string>(invoked);
        while (pending.TryDequeue(out var name))
        {
            if (!included.Add(name)) continue;
            foreach (var next in byName[name].DependsOn.Concat(byName[name].Triggers)) pending.Enqueue(next);
        }

        // Edges "a must run before b", among planned targets only.
        var edges = included.ToDictionary(n => n, _ => new HashSet<string>());
        void Edge(string before, string after)
        {
            if (included.Contains(before) && included.Contains(after)) edges[before].Add(after);
        }
        foreach (var name in included)
        {
            var node = byName[name];
            foreach (var dependency in node.DependsOn) Edge(dependency, name);
            foreach (var earlier in node.After) Edge(earlier, name);
            foreach (var later in node.Before) Edge(name, later);
            foreach (var triggered in node.Triggers) Edge(name, triggered);
        }

        var incoming = included.ToDictionary(n => n, n => edges.Count(e => e.Value.Contains(n)));
        var ready = new SortedSet<TargetNode>(Comparer<TargetNode>.Create((a, b) => a.Index.CompareTo(b.Index)));
        foreach (var name in included.Where(n => incoming[n] == 0)) ready.Add(byName[name]);

        var plan = new List<TargetNode>();
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            plan.Add(next);
            foreach (var successor in edges[next.Name])
            {
                if (--incoming[successor] == 0) ready.Add(byName[successor]);
            }
        }

        if (plan.Count < included.Count)
        {
            var cycle = FindCycle(edges, included.Except(plan.Select(p => p.Name)).OrderBy(n => byName[n].Index).ToList());
            throw new UsageException($"The targets form a cycle: {string.Join(" -> ", cycle)}. Remove one of these DependsOn/After/Before/Triggers.");
        }
        return plan;
    }

    private static List<string> FindCycle(Dictionary<string, HashSet<string>> edges, List<string> stuck)
    {
        // Every stuck node lies on, or behind, a cycle: walk successors among stuck nodes until one repeats.
        var path = new List<string> { stuck[0] };
        while (true)
        {
            var next = edges[path[^1]].Where(stuck.Contains).OrderBy(stuck.IndexOf).First();
            var seen = path.IndexOf(next);
            if (seen >= 0) return [.. path[seen..], next];
            path.Add(next);
        }
    }
}
