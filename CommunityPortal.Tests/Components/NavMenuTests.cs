using System.Globalization;
using Bunit;
using CommunityPortal.Auth;
using CommunityPortal.Components.Layout;
using CommunityPortal.Components.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Components;

public class NavMenuTests : PortalComponentTest
{
    [Fact]
    public void A_resident_sees_their_tickets_and_not_the_administration()
    {
        Context.AddAuthorization().SetAuthorized("ana@demo.local").SetRoles(Roles.Resident);

        var menu = Context.Render<NavMenu>();

        Assert.Contains("Mis tickets", menu.Find("[data-testid=nav-my-tickets]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Reportar un problema", menu.Find("[data-testid=nav-new-ticket]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/tickets/new", menu.Find("[data-testid=nav-new-ticket]").GetAttribute("href"));
        Assert.Empty(menu.FindAll("[data-testid=nav-admin]"));
        Assert.Empty(menu.FindAll("[data-testid=nav-admin-new-ticket]"));
        Assert.Equal("/Account/Manage", menu.Find("[data-testid=nav-account]").GetAttribute("href"));
        Assert.Equal("/account/notifications", menu.Find("[data-testid=nav-notification-preferences]").GetAttribute("href"));
        Assert.Contains("Avisos por correo", menu.Find("[data-testid=nav-notification-preferences]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.AdminCompany)]
    [InlineData(Roles.SystemAdmin)]
    public void Administrators_see_the_console_and_not_a_resident_list(string role)
    {
        Context.AddAuthorization().SetAuthorized("gestor@demo.local").SetRoles(role);

        var menu = Context.Render<NavMenu>();

        Assert.Equal("/admin", menu.Find("[data-testid=nav-admin]").GetAttribute("href"));
        Assert.Equal("/admin/tickets/new", menu.Find("[data-testid=nav-admin-new-ticket]").GetAttribute("href"));
        Assert.Contains("Nuevo ticket", menu.Find("[data-testid=nav-admin-new-ticket]").TextContent, StringComparison.Ordinal);
        Assert.Empty(menu.FindAll("[data-testid=nav-my-tickets]"));
        Assert.Empty(menu.FindAll("[data-testid=nav-new-ticket]"));
    }

    [Fact]
    public void A_company_admin_gets_the_dashboard_and_the_grid_but_not_the_settings()
    {
        Context.AddAuthorization().SetAuthorized("gestor@demo.local").SetRoles(Roles.AdminCompany);

        var menu = Context.Render<NavMenu>();

        Assert.Equal("/admin/tickets", menu.Find("[data-testid=nav-admin-tickets]").GetAttribute("href"));
        Assert.Empty(menu.FindAll("[data-testid=nav-admin-categories]"));
        Assert.Empty(menu.FindAll("[data-testid=nav-admin-statuses]"));
        Assert.Empty(menu.FindAll("[data-testid=nav-admin-users]"));
    }

    [Fact]
    public void The_system_admin_also_gets_categories_statuses_and_users()
    {
        Context.AddAuthorization().SetAuthorized("admin@demo.local").SetRoles(Roles.SystemAdmin);

        var menu = Context.Render<NavMenu>();

        Assert.Equal("/admin/tickets", menu.Find("[data-testid=nav-admin-tickets]").GetAttribute("href"));
        Assert.Equal("/admin/categories", menu.Find("[data-testid=nav-admin-categories]").GetAttribute("href"));
        Assert.Equal("/admin/statuses", menu.Find("[data-testid=nav-admin-statuses]").GetAttribute("href"));
        Assert.Contains("Categorías", menu.Find("[data-testid=nav-admin-categories]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/admin/users", menu.Find("[data-testid=nav-admin-users]").GetAttribute("href"));
        Assert.Contains("Usuarios", menu.Find("[data-testid=nav-admin-users]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_company_admin_gets_communities_and_residents_but_not_companies()
    {
        Context.AddAuthorization().SetAuthorized("gestor@demo.local").SetRoles(Roles.AdminCompany);

        var menu = Context.Render<NavMenu>();

        Assert.Equal("/admin/communities", menu.Find("[data-testid=nav-admin-communities]").GetAttribute("href"));
        Assert.Contains("Comunidades", menu.Find("[data-testid=nav-admin-communities]").TextContent, StringComparison.Ordinal);
        Assert.Empty(menu.FindAll("[data-testid=nav-admin-companies]"));
    }

    [Fact]
    public void The_system_admin_also_gets_companies()
    {
        Context.AddAuthorization().SetAuthorized("admin@demo.local").SetRoles(Roles.SystemAdmin);

        var menu = Context.Render<NavMenu>();

        Assert.Equal("/admin/communities", menu.Find("[data-testid=nav-admin-communities]").GetAttribute("href"));
        Assert.Equal("/admin/companies", menu.Find("[data-testid=nav-admin-companies]").GetAttribute("href"));
    }

    [Fact]
    public void The_current_page_is_highlighted_and_follows_navigation()
    {
        Context.AddAuthorization().SetAuthorized("ana@demo.local").SetRoles(Roles.Resident);
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/tickets/new");

        var menu = Context.Render<NavMenu>();

        // Exact match: on /tickets/new only "Reportar un problema" is current, not "Mis tickets".
        Assert.Contains("active", menu.Find("[data-testid=nav-new-ticket]").ClassList);
        Assert.Equal("page", menu.Find("[data-testid=nav-new-ticket]").GetAttribute("aria-current"));
        Assert.DoesNotContain("active", menu.Find("[data-testid=nav-my-tickets]").ClassList);

        navigation.NavigateTo("/tickets?status=2");

        menu.WaitForAssertion(() => Assert.Contains("active", menu.Find("[data-testid=nav-my-tickets]").ClassList));
        Assert.DoesNotContain("active", menu.Find("[data-testid=nav-new-ticket]").ClassList);
        Assert.Null(menu.Find("[data-testid=nav-new-ticket]").GetAttribute("aria-current"));
    }

    [Fact]
    public void A_section_entry_stays_highlighted_on_its_inner_pages()
    {
        Context.AddAuthorization().SetAuthorized("gestor@demo.local").SetRoles(Roles.AdminCompany);
        Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/admin/communities/7");

        var menu = Context.Render<NavMenu>();

        Assert.Contains("active", menu.Find("[data-testid=nav-admin-communities]").ClassList);
        Assert.DoesNotContain("active", menu.Find("[data-testid=nav-admin]").ClassList);
    }

    [Fact]
    public void Entries_speak_english_when_the_culture_is_english()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        try
        {
            Context.AddAuthorization().SetAuthorized("ana@demo.local").SetRoles(Roles.Resident);

            var menu = Context.Render<NavMenu>();

            Assert.Contains("My tickets", menu.Find("[data-testid=nav-my-tickets]").TextContent, StringComparison.Ordinal);
            Assert.Contains("My account", menu.Find("[data-testid=nav-account]").TextContent, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
