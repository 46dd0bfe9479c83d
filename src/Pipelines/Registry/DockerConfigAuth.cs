namespace Pipelines.Registry;

/// <summary>One <c>auths</c> entry. Never printed.</summary>
internal sealed record DockerConfigAuth(string Username, string Secret, bool IsIdentityToken)
{
    public override string ToString() => Username;
}
