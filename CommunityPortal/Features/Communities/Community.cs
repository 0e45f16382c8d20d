using CommunityPortal.Features.Companies;
using CommunityPortal.Features.Residents;

namespace CommunityPortal.Features.Communities;

/// <summary>A condominium or gated community managed by one company.</summary>
public class Community
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int CompanyId { get; set; }

    public Company Company { get; set; } = null!;

    public string? Address { get; set; }

    public List<Resident> Residents { get; set; } = [];
}
