using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pipelines.Sandbox.Kube.Auth;

/// <summary>
/// Client certificates as the API server's x509 authenticator reads them: a certificate signed by the cluster's client CA
/// (here the emulator's own serving certificate, which is a CA) authenticates the user its subject's CN names, in the groups
/// its O entries name. One that another CA signed, that expired or is not for client authentication authenticates nobody.
/// </summary>
public static class ClientCertificates
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>A certificate and key for <paramref name="user"/>, signed by <paramref name="authority"/> (which must hold its private key).</summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, EmulatorUser user, TimeSpan? lifetime = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        // The authenticator adds system:authenticated itself; a certificate names only the groups that are asked for.
        foreach (var group in user.Groups.Where(g => g != "system:authenticated")) subject.AddOrganizationName(group);
        subject.AddCommonName(user.Name);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthentication)], critical: false));
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore + (lifetime ?? TimeSpan.FromDays(30));
        using var signed = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(key);
        // Re-imported from PKCS#12 so that the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The user <paramref name="presented"/> authenticates, or null when it is not one of this cluster's client certificates.</summary>
    public static EmulatorUser? UserOf(X509Certificate2 presented, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // The leaf's own purpose is checked, not the chain's: the authority is also the serving certificate, whose
        // serverAuth usage would otherwise constrain every certificate below it.
        if (!chain.Build(presented) || !IsForClientAuthentication(presented)) return null;
        var name = presented.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (string.IsNullOrEmpty(name)) return null;
        var groups = presented.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.10")
            .Select(rdn => rdn.GetSingleElementValue() ?? "")
            .Where(g => g.Length > 0)
            .Append("system:authenticated")
            .Distinct()
            .ToArray();
        return new EmulatorUser(name, groups);
    }

    private static bool IsForClientAuthentication(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } usages
        || usages.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ClientAuthentication);
}
