using Pipelines.Images;
using Pipelines.ReleaseManager;
using Pipelines.Releases;

namespace Pipelines.Server.Ui.Matrix;

/// <summary>
/// The home page's services × environments table, joined from each environment's status and the tool's history (pure).
/// A service is matched across environments by kind and name: environments put the same service in different namespaces
/// (sock-shop, shop-production).
/// </summary>
public static class ServiceMatrix
{
    public static IReadOnlyList<MatrixRow> Rows(IReadOnlyList<EnvironmentStatus> environments, IReadOnlyList<HistoryEntry> history)
    {
        var rows = new SortedDictionary<string, Dictionary<string, MatrixCell>>(StringComparer.Ordinal);
        foreach (var environment in environments)
        {
            foreach (var service in environment.Services)
            {
                var name = Name(service);
                if (!rows.TryGetValue(name, out var cells)) rows[name] = cells = new Dictionary<string, MatrixCell>(StringComparer.Ordinal);
                var last = history.FirstOrDefault(e => e.Environment == environment.Environment && e.Untrusted is null && e.Changes.Any(c => c.Workload == service.Workload.Id));
                cells.TryAdd(environment.Environment, new MatrixCell(environment.Environment, service, last, Pending(service)));
            }
        }
        return rows.Select(r => new MatrixRow(r.Key, r.Value)).ToList();
    }

    /// <summary>The row name: the workload's name, with its kind when it is not a Deployment.</summary>
    public static string Name(ServiceStatus service) =>
        service.Workload.Kind.Equals("Deployment", StringComparison.OrdinalIgnoreCase) ? service.Workload.Name : $"{service.Workload.Kind.ToLowerInvariant()}/{service.Workload.Name}";

    /// <summary>The image a "Release newest" would take. An image rejected in the environment (rolled back from) is never
    /// offered, even if a listing named it: only an explicit release of that image may bring it back.</summary>
    public static string? Pending(ServiceStatus service) =>
        service.Containers.Where(c => c.Newest is { } newest && !c.Rejected.Any(r => ImageReference.SameTag(r.Image, newest)))
            .Select(c => c.Newest).FirstOrDefault();

    /// <summary>Whether a release of the newest images would release anything: false when every newer image is rejected.</summary>
    public static bool OffersRelease(ServiceStatus service) => Pending(service) is not null;
}
