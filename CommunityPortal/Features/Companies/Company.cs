using CommunityPortal.Features.Communities;

namespace CommunityPortal.Features.Companies;

/// <summary>The management company that runs one or more communities.</summary>
public class Company
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<Community> Communities { get; set; } = [];
}
