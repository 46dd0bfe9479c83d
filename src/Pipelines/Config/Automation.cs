namespace Pipelines.Config;

public enum Automation
{
    Automatic,
    Manual,
}
