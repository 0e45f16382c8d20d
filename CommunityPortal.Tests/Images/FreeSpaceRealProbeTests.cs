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

/// <summary>Without a replacement the probe is the real disk under the uploads root.</summary>
public class FreeSpaceRealProbeTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public void The_default_probe_reads_the_real_disk()
    {
        var probe = factory.Services.GetRequiredService<IFreeSpaceProbe>();
        var uploads = factory.Services.GetRequiredService<UploadsFolder>();
        var real = new DriveInfo(uploads.Root).AvailableFreeSpace;

        // Other builds write to the same disk meanwhile.
        Assert.InRange(probe.AvailableBytes(uploads.Root), real - 512L * 1024 * 1024, real + 512L * 1024 * 1024);
    }
}
