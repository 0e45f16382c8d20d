using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Operations;

/// <summary>
/// Issue 13 item 9: the data-protection keys (they sign every session cookie and token) live in
/// DataProtection:KeysPath, readable only by the portal's user, and encrypted with a certificate when one is set.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are Unix; the portal runs on Linux
public sealed class DataProtectionKeysTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string scratch = Path.Combine(Path.GetTempPath(), "communityportal-keys-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Without_a_certificate_the_keys_are_written_to_the_keys_path_readable_only_by_the_owner()
    {
        var keys = Path.Combine(scratch, "keys");
        await using var app = new KeysFactory(keys, certificate: null);

        Protect(app, "a session");

        var files = Directory.GetFiles(keys, "key-*.xml");
        Assert.NotEmpty(files);
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(keys));
        Assert.All(files, file => Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file)));
    }

    [Fact]
    public async Task A_key_folder_left_readable_by_others_is_made_private_at_start_up()
    {
        var keys = Path.Combine(scratch, "old-keys");
        await using (var first = new KeysFactory(keys, certificate: null))
        {
            Protect(first, "a session");
        }

        File.SetUnixFileMode(keys, OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var file = Directory.GetFiles(keys, "key-*.xml").First();
        File.SetUnixFileMode(file, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var second = new KeysFactory(keys, certificate: null);
        _ = second.Services;

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(keys));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task With_a_certificate_the_keys_are_encrypted_at_rest_and_read_back_after_a_restart()
    {
        var keys = Path.Combine(scratch, "encrypted-keys");
        var certificate = CreateCertificate("s3cret-pfx-password");
        string protectedText;
        await using (var first = new KeysFactory(keys, certificate))
        {
            protectedText = Protect(first, "a session");
        }

        var file = Assert.Single(Directory.GetFiles(keys, "key-*.xml"));
        var xml = await File.ReadAllTextAsync(file);
        Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
        Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));

        // A restarted portal with the same certificate still reads its sessions.
        await using var second = new KeysFactory(keys, certificate);
        Assert.Equal("a session", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS's temp cleanup.
        }
    }

    private static string Protect(KeysFactory app, string text) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect(text);

    private (string Path, string Password) CreateCertificate(string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=CommunityPortal data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        Directory.CreateDirectory(scratch);
        var path = Path.Combine(scratch, "dataprotection.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return (path, password);
    }

    private sealed class KeysFactory(string keysPath, (string Path, string Password)? certificate) : PortalAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings
        {
            get
            {
                yield return new("DataProtection:KeysPath", keysPath);
                if (certificate is { } c)
                {
                    yield return new("DataProtection:CertificatePath", c.Path);
                    yield return new("DataProtection:CertificatePassword", c.Password);
                }
            }
        }
    }
}
