using CommunityPortal.Data;
using CommunityPortal.Features.Communities;

namespace CommunityPortal.Features.Residents;

/// <summary>A user's profile inside one community (one unit).</summary>
public class Resident
{
    public int Id { get; set; }

    public string UserId { get; set; } = "";

    public ApplicationUser User { get; set; } = null!;

    public int CommunityId { get; set; }

    public Community Community { get; set; } = null!;

    public string FullName { get; set; } = "";

    /// <summary>The unit inside the community, e.g. "Casa 12" or "Depto 3B".</summary>
    public string Unit { get; set; } = "";

    public string? Phone { get; set; }

    public bool IsActive { get; set; } = true;
}
