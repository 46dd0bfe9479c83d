namespace Pipelines.Config;

/// <summary>
/// What someone may do in one environment; each role includes the ones before it. Viewer: see it. Deployer: release,
/// roll back, promote into it, lock and unlock. Approver: also release or roll back past someone's lock (<c>force</c>).
/// Admin: also change its automation (automate, deautomate).
/// </summary>
public enum AccessRole
{
    Viewer = 1,
    Deployer,
    Approver,
    Admin,
}
