using Pipelines.ReleaseManager;

namespace Pipelines.Server.Ui.Matrix;

/// <summary>How a service runs in one environment, as a colour: decided from the cluster's answer alone (pure).</summary>
public enum CellHealth
{
    /// <summary>No cluster is asked (<c>--apply false</c>), or it has no such workload: grey, never green.</summary>
    Unknown,
    Healthy,
    /// <summary>A rollout is still going and nothing is wrong with its pods yet.</summary>
    Progressing,
    /// <summary>A pod cannot pull its image or crash-loops, or the rollout can never finish: red, even when the old
    /// ReplicaSet keeps every replica ready (issue 24: ImagePullBackOff showed as READY 3/3 in grey).</summary>
    Failing,
}

public static class CellHealths
{
    public static CellHealth Of(ServiceStatus service)
    {
        if (service.Ready is null) return CellHealth.Unknown;
        if (service.RolloutFailed || service.Troubles.Count > 0) return CellHealth.Failing;
        return service.RolloutDone ? CellHealth.Healthy : CellHealth.Progressing;
    }

    /// <summary>The words beside the colour, so that colour is never the only sign (and screen readers hear it).</summary>
    public static string Text(CellHealth health) => health switch
    {
        CellHealth.Healthy => "healthy",
        CellHealth.Progressing => "rolling out",
        CellHealth.Failing => "failing",
        _ => "not checked",
    };
}
