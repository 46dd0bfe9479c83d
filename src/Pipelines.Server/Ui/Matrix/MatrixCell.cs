using Pipelines.ReleaseManager;
using Pipelines.Releases;

namespace Pipelines.Server.Ui.Matrix;

/// <summary>One service in one environment: its status, the last commit of the tool that changed its images (who and when),
/// and the newer image a release would take, when one is offered.</summary>
/// <param name="Pending">The newest allowed image of its first container that has one, never a rejected image; null when up to date.</param>
public sealed record MatrixCell(string Environment, ServiceStatus Service, HistoryEntry? LastRelease, string? Pending)
{
    public CellHealth Health => CellHealths.Of(Service);
}

/// <summary>A service (a workload kind and name, whatever its namespace in each environment) and its cell per environment
/// (absent where it does not run).</summary>
public sealed record MatrixRow(string Name, IReadOnlyDictionary<string, MatrixCell> Cells);
