using System.Globalization;
using CommunityPortal.Resources;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Shared;

/// <summary>The portal's name as people read it: <c>Portal:Name</c>, or the app's name in the reader's language.</summary>
public sealed class PortalName(IConfiguration configuration, IStringLocalizer<SharedResource> localizer)
{
    public string In(CultureInfo culture)
    {
        if (configuration["Portal:Name"] is { Length: > 0 } name)
        {
            return name;
        }

        using var _ = new CultureScope(culture);
        return localizer["App.Name"];
    }
}

/// <summary>Renders text in another language than the current request's, then restores it.</summary>
public sealed class CultureScope : IDisposable
{
    private readonly CultureInfo culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;

    public CultureScope(CultureInfo to)
    {
        CultureInfo.CurrentCulture = to;
        CultureInfo.CurrentUICulture = to;
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = uiCulture;
    }
}
