using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Auth;

/// <summary>
/// The data-protection keys sign the session cookies, bearer and refresh tokens and antiforgery tokens: whoever reads
/// them can forge any user's session. They live in <c>DataProtection:KeysPath</c> (default <c>App_Data/keys</c> under
/// the content root), encrypted with the certificate of <c>DataProtection:CertificatePath</c> when one is set; on
/// Unix the folder is 0700 and every key file 0600 either way, so only the portal's own user can read them.
/// </summary>
public static class DataProtectionKeys
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["DataProtection:KeysPath"];
        var folder = new DirectoryInfo(Path.GetFullPath(
            string.IsNullOrWhiteSpace(configured) ? Path.Combine("App_Data", "keys") : configured.Trim(), contentRoot));
        folder.Create();
        RestrictModes(folder);

        var builder = services.AddDataProtection().SetApplicationName("CommunityPortal");
        services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((options, loggers) =>
            options.XmlRepository = new PrivateFileSystemXmlRepository(folder, loggers));

        var certificatePath = configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificatePath))
        {
            // Also registered for decryption: keys written with it can be read back after a restart.
            builder.ProtectKeysWithCertificate(LoadCertificate(certificatePath.Trim(), configuration["DataProtection:CertificatePassword"]));
        }

        return services;
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"DataProtection:CertificatePath names '{path}', which does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException(
                $"DataProtection:CertificatePath '{path}' could not be read as a PKCS#12 (.pfx) file with DataProtection:CertificatePassword.", e);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"The certificate in '{path}' has no private key: the keys could be written but never read back.");
        }

        return certificate;
    }

    /// <summary>0700 on the folder and 0600 on its files (Unix); Windows keeps its ACLs.</summary>
    public static void RestrictModes(DirectoryInfo folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(folder.FullName, FolderMode);
        foreach (var file in folder.EnumerateFiles())
        {
            File.SetUnixFileMode(file.FullName, FileMode);
        }
    }

    /// <summary>The framework's file repository, with each new key file made private as soon as it is written.</summary>
    private sealed class PrivateFileSystemXmlRepository(DirectoryInfo folder, ILoggerFactory loggers)
        : FileSystemXmlRepository(folder, loggers)
    {
        public override void StoreElement(XElement element, string friendlyName)
        {
            base.StoreElement(element, friendlyName);
            RestrictModes(Directory);
        }
    }
}
