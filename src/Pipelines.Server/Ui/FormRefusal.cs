namespace Pipelines.Server.Ui;

/// <summary>Why a form POST of the web UI is refused, if it is: the decision, apart from reading the request.</summary>
public enum FormRefusal
{
    None,
    /// <summary>401: no session (never signed in, signed out, expired, or the session keys changed).</summary>
    NoSession,
    /// <summary>400: the form carries no CSRF token.</summary>
    NoCsrf,
    /// <summary>403: the CSRF token is not this session's (a forged form, or a page older than the session).</summary>
    WrongCsrf,
}
