using Pipelines.Faults;

namespace Pipelines.Yaml;

/// <summary>A manifest the tool cannot use, with where (file:line:column) and what to do.</summary>
internal sealed class ManifestException(string file, int line, int column, string problem)
    : Exception(line > 0 ? $"{file}:{line}:{column}: {problem}" : $"{file}: {problem}"), IFault
{
    FaultKind IFault.Kind => FaultKind.Failed;

    public string File { get; } = file;
    public int Line { get; } = line;
}
