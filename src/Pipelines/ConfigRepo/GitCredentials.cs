using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace Pipelines.ConfigRepo;

/// <summary>
/// Credentials for http(s) remotes: a user name and password, or a token (GIT_TOKEN) sent as the
/// password of <c>x-access-token</c>, which GitHub and GitLab both accept. <see cref="ToString"/> hides them.
/// </summary>
public sealed class GitCredentials
{
    public const string TokenUserName = "x-access-token";

    private GitCredentials(string userName, string password)
    {
        UserName = userName;
        Password = password;
    }

    public string UserName { get; }

    internal string Password { get; }

    public static GitCredentials? From(string? userName, string? password, string? token)
    {
        if (!string.IsNullOrEmpty(password)) return new GitCredentials(string.IsNullOrEmpty(userName) ? TokenUserName : userName, password);
        if (!string.IsNullOrEmpty(token)) return new GitCredentials(string.IsNullOrEmpty(userName) ? TokenUserName : userName, token);
        return null;
    }

    internal CredentialsHandler Handler => (_, _, _) => new UsernamePasswordCredentials { Username = UserName, Password = Password };

    public override string ToString() => $"{UserName}:****";
}
