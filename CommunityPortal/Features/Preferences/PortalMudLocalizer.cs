using CommunityPortal.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CommunityPortal.Features.Preferences;

/// <summary>
/// MudBlazor's built-in texts (required field, pagers, date pickers, data grid menus…) from the portal's own resources
/// (keys <c>MudBlazor.{MudBlazor's key}</c> in SharedResource), so they follow the portal's language.
/// </summary>
public sealed class PortalMudLocalizer(IStringLocalizer<SharedResource> localizer) : MudLocalizer
{
    public const string ResourcePrefix = "MudBlazor.";

    public override LocalizedString this[string key] => Translate(key, localizer[ResourcePrefix + key]);

    public override LocalizedString this[string key, params object[] arguments] => Translate(key, localizer[ResourcePrefix + key, arguments]);

    // A key the portal does not translate (a newer MudBlazor) falls back to MudBlazor's own English text.
    private static LocalizedString Translate(string key, LocalizedString portal) =>
        portal.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, portal.Value);
}
