using System.Security.Cryptography;
using CommunityPortal.Features.Notifications;
using Microsoft.AspNetCore.DataProtection;

namespace CommunityPortal.Features.Email;

/// <summary>
/// The token of an unsubscribe link: user and preference kind, data-protected (encrypted and authenticated with the
/// portal's keys), so nobody can make one for another user or change the kind. It does not expire: a link in an old
/// e-mail keeps working for as long as the key that made it is kept (data protection keeps retired keys for reading).
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector protector = dataProtection.CreateProtector("CommunityPortal.Email.Unsubscribe.v1");

    public string Create(string userId, string preferenceKind) => protector.Protect(preferenceKind + "\n" + userId);

    /// <summary>The user and kind a token names; null when it is not one of ours (tampered, truncated, made elsewhere).</summary>
    public (string UserId, string Kind)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
        {
            return null;
        }

        string payload;
        try
        {
            payload = protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }

        var parts = payload.Split('\n', 2);
        return parts.Length == 2 && PreferenceKinds.All.Contains(parts[0]) && parts[1].Length > 0 ? (parts[1], parts[0]) : null;
    }
}
