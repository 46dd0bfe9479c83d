using Pipelines.Releases;

namespace Pipelines.ConfigRepo;

/// <summary>
/// "Given this tree, produce these edits." Called again on the new head whenever the remote moved, so it
/// must be a function of the snapshot. Returns null when there is nothing (or no longer anything) to do;
/// throws to say the edit no longer applies (e.g. the workload was removed meanwhile).
/// </summary>
public delegate ConfigChange? ConfigUpdate(ConfigSnapshot snapshot);
