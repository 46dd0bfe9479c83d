namespace Pipelines.Tests.ConfigRepo.Fixtures;

/// <summary>A process and its descendants, read from /proc (tests freeze a server's whole tree with SIGSTOP).</summary>
public static class ProcessTree
{
    public static IReadOnlyList<int> Of(int pid)
    {
        var all = new List<int> { pid };
        for (var i = 0; i < all.Count; i++)
        {
            foreach (var task in Directory.Exists($"/proc/{all[i]}/task") ? Directory.GetDirectories($"/proc/{all[i]}/task") : [])
            {
                var children = Path.Combine(task, "children");
                if (!File.Exists(children)) continue;
                foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries)) all.Add(int.Parse(child));
            }
        }
        return all.Distinct().ToList();
    }
}
