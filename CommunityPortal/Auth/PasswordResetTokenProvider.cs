using System.Text;
using CommunityPortal.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Auth;

/// <summary>Settings of <see cref="PasswordResetTokenProvider"/>: its own name (so its own data-protection purpose) and lifetime.</summary>
public sealed class PasswordResetTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public PasswordResetTokenProviderOptions()
    {
        Name = PasswordResetTokenProvider.ProviderName;
        TokenLifespan = PortalIdentityOptions.ResetLinkLifetime;
    }
}

/// <summary>
/// Password-reset tokens live one hour, while the set-password links administrators hand over (Identity's default
/// provider) last a week; one provider each keeps both lifetimes. Like every data-protection token it embeds the
/// security stamp, so a reset (which renews the stamp) spends it. Identity's format, but dated and checked on the app's
/// <see cref="TimeProvider"/> (Identity reads the system clock), so the hour can be tested without waiting.
/// </summary>
public sealed class PasswordResetTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<PasswordResetTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<ApplicationUser>> logger,
    TimeProvider time)
    : DataProtectorTokenProvider<ApplicationUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "PasswordReset";

    public override async Task<string> GenerateAsync(string purpose, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, new UTF8Encoding(false, true), leaveOpen: true))
        {
            writer.Write(time.GetUtcNow().UtcTicks);
            writer.Write(await manager.GetUserIdAsync(user));
            writer.Write(purpose ?? "");
            writer.Write(manager.SupportsUserSecurityStamp ? await manager.GetSecurityStampAsync(user) ?? "" : "");
        }

        return Convert.ToBase64String(Protector.Protect(stream.ToArray()));
    }

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        try
        {
            // Identity's token starts with its creation time (UTC ticks), then user id, purpose and security stamp.
            using var reader = new BinaryReader(new MemoryStream(Protector.Unprotect(Convert.FromBase64String(token))), new UTF8Encoding(false, true));
            var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            if (time.GetUtcNow() > created + Options.TokenLifespan)
            {
                return false;
            }
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException
            or EndOfStreamException or ArgumentOutOfRangeException)
        {
            return false;
        }

        return await base.ValidateAsync(purpose, token, manager, user);
    }
}
