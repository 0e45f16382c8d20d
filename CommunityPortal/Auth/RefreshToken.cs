using CommunityPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Auth;

/// <summary>
/// One refresh token handed to an API client. Only its SHA-256 is stored. Every token rotated out of one sign-in shares
/// the sign-in's <see cref="FamilyId"/>, which the access tokens of that sign-in carry too, so revoking the family
/// (logout, reuse of a spent token) ends all of them.
/// </summary>
public sealed class RefreshToken
{
    public long Id { get; set; }

    public required string TokenHash { get; set; }

    public required string UserId { get; set; }

    public required string FamilyId { get; set; }

    /// <summary>The account's security stamp when the sign-in happened; a newer stamp (lock, password change…) voids the token.</summary>
    public required string SecurityStamp { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>Set when the token was exchanged for a new one; presenting it again is a reuse.</summary>
    public DateTime? SpentAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.Property(t => t.TokenHash).HasMaxLength(64).IsRequired();
        builder.Property(t => t.FamilyId).HasMaxLength(32).IsRequired();
        builder.Property(t => t.SecurityStamp).HasMaxLength(256).IsRequired();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(t => t.TokenHash).IsUnique();
        // Revoking a sign-in and checking an access token both look a family up.
        builder.HasIndex(t => new { t.FamilyId, t.RevokedAt });
        builder.HasIndex(t => new { t.UserId, t.ExpiresAt });
    }
}
