using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Images;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Api;

/// <summary><c>0</c> turns each per-user limit off (rather than allowing nothing).</summary>
public class PerUserLimitsOffTests(PerUserLimitsOffTests.LimitsOffFactory factory)
    : ImageApiTestBase(factory), IClassFixture<PerUserLimitsOffTests.LimitsOffFactory>
{
    [Fact]
    public async Task With_every_limit_at_zero_nothing_is_refused()
    {
        for (var i = 0; i < 3; i++)
        {
            var ticketId = await CreateOwnTicketAsync("ana@demo.local", $"Sin límite {i}");
            await CreateCommentAsync("ana@demo.local", ticketId);
            await CreateCommentAsync("ana@demo.local", ticketId);
            await UploadToTicketAsync("ana@demo.local", ticketId, ("a.jpg", TestImages.SmallJpeg()));
        }
    }

    public sealed class LimitsOffFactory : PortalAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("RateLimiting:Tickets:PerUserPerHour", "0"),
            new("RateLimiting:Comments:PerUserPerHour", "0"),
            new("Storage:QuotaPerUserPerDayMB", "0"),
        ];
    }
}
