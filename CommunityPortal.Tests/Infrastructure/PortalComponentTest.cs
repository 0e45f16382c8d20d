using Bunit;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Categories;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Images;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>bUnit base: MudBlazor services, the app's real localization resources, loose JS interop.</summary>
public abstract class PortalComponentTest : IAsyncLifetime
{
    protected PortalComponentTest()
    {
        Context = new BunitContext();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddLocalization();
    }

    protected BunitContext Context { get; }

    /// <summary>
    /// The services the ticket pages and their parts use (tickets, comments, photos, categories, statuses, the caller),
    /// over <paramref name="app"/>'s database and its singletons (live events, uploads, limits).
    /// </summary>
    protected void AddTicketServices(PortalAppFactory app)
    {
        _ = app.Server;
        Context.Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        Context.Services.AddSingleton(app.Services.GetRequiredService<TicketEvents>());
        Context.Services.AddSingleton(app.Services.GetRequiredService<ImagePipeline>());
        Context.Services.AddSingleton(app.Services.GetRequiredService<UploadsFolder>());
        Context.Services.AddSingleton(app.Services.GetRequiredService<UploadsSpace>());
        Context.Services.AddSingleton(app.Services.GetRequiredService<UserLimits>());
        // Notification e-mails are queued in the same saves as comments and tickets.
        Context.Services.AddSingleton(app.Services.GetRequiredService<CommunityPortal.Features.Email.NotificationMail>());
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddScoped<TicketQueries>();
        Context.Services.AddScoped<TicketService>();
        Context.Services.AddScoped<CommentService>();
        Context.Services.AddScoped<ImageService>();
        Context.Services.AddScoped<CategoryService>();
        Context.Services.AddScoped<StatusService>();
        Context.Services.AddScoped<CurrentUserAccessor>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
