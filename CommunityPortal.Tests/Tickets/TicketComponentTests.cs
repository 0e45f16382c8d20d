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
        Context.Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddScoped<TicketService>();
        Context.Services.AddScoped<CategoryService>();
        Context.Services.AddScoped<CurrentUserAccessor>();
        // The photo picker uploads through the app's own image pipeline.
        Context.Services.AddSingleton(app.Services.GetRequiredService<CommunityPortal.Features.Live.TicketEvents>());
        Context.Services.AddSingleton(app.Services.GetRequiredService<CommunityPortal.Features.Images.ImagePipeline>());
        Context.Services.AddSingleton(app.Services.GetRequiredService<CommunityPortal.Features.Images.UploadsFolder>());
        Context.Services.AddScoped<CommunityPortal.Features.Comments.CommentService>();
        Context.Services.AddScoped<CommunityPortal.Features.Images.ImageService>();
        Context.Services.AddSingleton(app.Services.GetRequiredService<CommunityPortal.Shared.UserLimits>());
        Context.Services.AddSingleton(app.Services.GetRequiredService<CommunityPortal.Features.Images.UploadsSpace>());
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

public class TicketTimelineTests : PortalComponentTest
{
    private static readonly StatusDto Nuevo = new(1, TicketStatusCodes.Nuevo, "Nuevo", "#1E88E5", false, 1);
    private static readonly StatusDto Cancelado = new(5, TicketStatusCodes.Cancelado, "Cancelado", "#757575", true, 5);

    [Fact]
    public void Each_status_change_is_a_dot_in_its_color_and_edits_are_described_in_words()
    {
        var at = DateTime.UtcNow.AddHours(-2);
        var timeline = Context.Render<TicketTimeline>(p => p
            .Add(t => t.Statuses, [Nuevo, Cancelado])
            .Add(t => t.History,
            [
                new TicketHistoryDto(at, "Ana Pérez", TicketHistoryActions.Created, null, Nuevo.Id, null),
                new TicketHistoryDto(at.AddMinutes(5), "Ana Pérez", TicketHistoryActions.Updated, null, null, "categoria: Otros → Seguridad; contenido"),
                new TicketHistoryDto(at.AddMinutes(9), "Gestor Demo", TicketHistoryActions.StatusChanged, Nuevo.Id, Cancelado.Id, null),
            ]));

        var entries = timeline.FindAll("[data-testid=timeline-entry]");
        Assert.Equal(3, entries.Count);
        Assert.Contains("background-color:#1E88E5", entries[0].QuerySelector("[data-testid=timeline-dot]")!.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("Ticket reportado", entries[0].TextContent, StringComparison.Ordinal);

        Assert.Contains("timeline-dot-neutral", entries[1].QuerySelector("[data-testid=timeline-dot]")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("Categoría: Otros → Seguridad", entries[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Descripción modificada", entries[1].TextContent, StringComparison.Ordinal);

        Assert.Contains("background-color:#757575", entries[2].QuerySelector("[data-testid=timeline-dot]")!.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("Estado cambiado a Cancelado", entries[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("Antes: Nuevo", entries[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("Gestor Demo", entries[2].TextContent, StringComparison.Ordinal);
    }
}

public class PhotoGalleryTests : PortalComponentTest
{
    private static readonly string[] Photos = ["uploads/tickets/12/a.jpg", "uploads/tickets/12/b.jpg", "uploads/tickets/12/c.jpg"];

    [Fact]
    public void Thumbnails_are_lazy_labelled_and_ask_for_the_thumbnail_size()
    {
        var gallery = Context.Render<PhotoGallery>(p => p.Add(g => g.Urls, Photos).Add(g => g.Subject, "Ticket #12"));

        var images = gallery.FindAll("[data-testid=photo-thumb] img");
        Assert.Equal(["/uploads/tickets/12/a.jpg?size=thumb", "/uploads/tickets/12/b.jpg?size=thumb", "/uploads/tickets/12/c.jpg?size=thumb"],
            images.Select(i => i.GetAttribute("src")));
        Assert.All(images, i => Assert.Equal("lazy", i.GetAttribute("loading")));
        Assert.All(images, i => Assert.False(string.IsNullOrWhiteSpace(i.GetAttribute("alt"))));
        Assert.All(gallery.FindAll("[data-testid=photo-thumb]"), b => Assert.False(string.IsNullOrWhiteSpace(b.GetAttribute("aria-label"))));
    }

    [Fact]
    public async Task A_thumbnail_opens_the_full_image_and_buttons_and_arrow_keys_move_between_photos()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var gallery = Context.Render<PhotoGallery>(p => p.Add(g => g.Urls, Photos).Add(g => g.Subject, "Ticket #12"));

        await gallery.FindAll("[data-testid=photo-thumb]")[1].ClickAsync(new MouseEventArgs());

        string FullImage() => dialogs.Find("[data-testid=lightbox-image]").GetAttribute("src")!;
        dialogs.WaitForAssertion(() => Assert.Equal("/uploads/tickets/12/b.jpg", FullImage()));
        await dialogs.Find("[data-testid=lightbox-next]").ClickAsync(new MouseEventArgs());
        Assert.Equal("/uploads/tickets/12/c.jpg", FullImage());
        await dialogs.Find(".lightbox").KeyDownAsync(new KeyboardEventArgs { Key = "ArrowRight" });
        Assert.Equal("/uploads/tickets/12/a.jpg", FullImage());
        await dialogs.Find(".lightbox").KeyDownAsync(new KeyboardEventArgs { Key = "ArrowLeft" });
        Assert.Equal("/uploads/tickets/12/c.jpg", FullImage());

        await dialogs.Find(".lightbox").KeyDownAsync(new KeyboardEventArgs { Key = "Escape" });
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=lightbox-image]")));
    }
}

public class TicketTextTests
{
    [Theory]
    [InlineData("Fuga de agua\nen la piscina", "Fuga de agua")]
    [InlineData("\n  \r\n  Portón abierto  \r\nsegunda", "Portón abierto")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void The_list_shows_the_first_line_with_text(string? contenido, string? expected) =>
        Assert.Equal(expected, TicketText.FirstLine(contenido));
}
