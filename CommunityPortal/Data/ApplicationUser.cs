using System.ComponentModel.DataAnnotations;
using CommunityPortal.Features.Companies;
using Microsoft.AspNetCore.Identity;

namespace CommunityPortal.Data;

/// <summary>An Identity account. ADMIN_COMPANY users carry the company they manage.</summary>
public class ApplicationUser : IdentityUser
{
    [PersonalData]
    [MaxLength(200)]
    public string DisplayName { get; set; } = "";

    /// <summary>Set for ADMIN_COMPANY users only.</summary>
    public int? CompanyId { get; set; }

    public Company? Company { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
