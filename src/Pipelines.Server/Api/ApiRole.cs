namespace Pipelines.Server.Api;

public enum ApiRole
{
    Read,
    Operator,
}
