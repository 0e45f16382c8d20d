using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Features.Admin;
using CommunityPortal.Features.Images;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Images;

/// <summary>
/// Below <c>Storage:MinFreeMB</c> of free space under the uploads root, uploads answer 507 and SYSTEM_ADMIN's
/// dashboard warns. The probe is replaced so the disk "has" 100 MB free; the floor is the default 1,024 MB.
/// </summary>
public class FreeSpaceFloorTests(FreeSpaceFloorTests.NearlyFullDiskFactory factory)
    : ImageApiTestBase(factory), IClassFixture<FreeSpaceFloorTests.NearlyFullDiskFactory>
{
    [Fact]
    public async Task An_upload_gets_507_problem_details_and_nothing_is_written()
    {
        var ticketId = await CreateOwnTicketAsync("ana@demo.local", "Disco lleno");
        using var client = await As("ana@demo.local");

        using var response = await PostFilesAsync(client, $"/api/tickets/{ticketId}/images", ("a.jpg", TestImages.SmallJpeg()));

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await TicketImageUrlsAsync("ana@demo.local", ticketId));
        Assert.False(Directory.Exists(Path.Combine(Factory.UploadsRoot, "tickets", ticketId.ToString(CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task A_comment_upload_gets_507_too()
    {
        var ticketId = await CreateOwnTicketAsync("ana@demo.local", "Disco lleno, comentario");
        var commentId = await CreateCommentAsync("ana@demo.local", ticketId);
        using var client = await As("ana@demo.local");

        using var response = await PostFilesAsync(client, $"/api/comentarios/{commentId}/images", ("a.jpg", TestImages.SmallJpeg()));

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
    }

    [Fact]
    public async Task The_system_administrator_sees_a_warning_on_the_dashboard_and_a_company_administrator_does_not()
    {
        var admin = await DashboardAsync("admin@demo.local");
        var gestor = await DashboardAsync("gestor@demo.local");

        Assert.Equal(new LowDiskSpaceDto(100, 1024), admin.LowDiskSpace);
        Assert.Null(gestor.LowDiskSpace);
    }

    private async Task<DashboardDto> DashboardAsync(string email)
    {
        var user = await ServiceUsers.GetAsync(Factory, email);
        await using var scope = Factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DashboardService>().GetAsync(user, null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Value!;
    }

    public sealed class NearlyFullDiskFactory : PortalAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IFreeSpaceProbe>(new FixedFreeSpace(100L * 1024 * 1024)));
        }
    }

    private sealed class FixedFreeSpace(long bytes) : IFreeSpaceProbe
    {
        public long AvailableBytes(string path) => bytes;
    }
}
