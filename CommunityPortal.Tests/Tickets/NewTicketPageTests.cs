using System.Security.Claims;
using Bunit;
using CommunityPortal.Auth;
using CommunityPortal.Components.Shared;
using CommunityPortal.Data;
using CommunityPortal.Features.Categories;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommunityPortal.Tests.Tickets;

public class NewTicketPageTests : PortalComponentTest, IClassFixture<PortalAppFactory>
{
    private readonly PortalAppFactory app;

    public NewTicketPageTests(PortalAppFactory app)
    {
        this.app = app;
        AddTicketServices(app);
    }

    [Fact]
    public async Task The_form_refuses_4001_characters_with_a_visible_message_and_creates_nothing()
    {
        await SignInAsAnaAsync();
        var before = await CountTicketsAsync();
        var page = Context.Render<NewTicketPage>();

        page.Find("textarea").Input(new string('a', 4001));
        await page.Find("form").SubmitAsync();

        // The thousands separator follows the culture the renderer runs in.
        page.WaitForAssertion(() => Assert.Matches(@"La descripción puede tener como máximo 4[.,]000 caracteres\.", page.Markup));
        Assert.Equal(before, await CountTicketsAsync());
    }

    [Fact]
    public async Task A_missing_category_is_shown_on_the_field_and_the_description_stays_typed()
    {
        await SignInAsAnaAsync();
        var page = Context.Render<NewTicketPage>();

        page.Find("textarea").Input("El portón no cierra.");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("Elige una categoría.", page.Find(".mud-input-error").TextContent, StringComparison.Ordinal));
        Assert.Equal("El portón no cierra.", page.Find("textarea").GetAttribute("value") ?? page.Find("textarea").TextContent);
    }

    [Fact]
    public async Task The_category_picker_offers_only_active_categories()
    {
        await SignInAsAnaAsync();
        await using (var db = app.CreateDbContext())
        {
            db.Categorias.Add(new CategoriaTicket { Nombre = "Retirada " + Guid.NewGuid().ToString("N")[..6], Activo = false, Orden = 99 });
            await db.SaveChangesAsync();
        }

        var popovers = Context.Render<MudPopoverProvider>();
        var page = Context.Render<NewTicketPage>();
        await page.Find(".mud-select .mud-input-control").MouseDownAsync(new MouseEventArgs());

        popovers.WaitForAssertion(() => Assert.Contains("Mantenimiento", popovers.Markup, StringComparison.Ordinal));
        Assert.Contains("Áreas comunes", popovers.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Retirada", popovers.Markup, StringComparison.Ordinal);
    }

    private async Task SignInAsAnaAsync()
    {
        await using var db = app.CreateDbContext();
        var ana = await db.Users.SingleAsync(u => u.Email == "ana@demo.local");
        Context.AddAuthorization().SetAuthorized(ana.Email!).SetRoles(Roles.Resident)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, ana.Id));
    }

    private async Task<int> CountTicketsAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Tickets.CountAsync();
    }
}
