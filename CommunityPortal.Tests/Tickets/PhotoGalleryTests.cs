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
