using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CommunityPortal.Components.Circuits;

public static class CircuitSetup
{
    /// <summary>Bounds what interactive pages may hold on the server (<see cref="CircuitLimitOptions"/>).</summary>
    public static IServiceCollection AddPortalCircuits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(CircuitLimitOptions.Section).Get<CircuitLimitOptions>() ?? new CircuitLimitOptions();
        services.Configure<CircuitLimitOptions>(configuration.GetSection(CircuitLimitOptions.Section));
        services.AddServerSideBlazor(options =>
            {
                options.DisconnectedCircuitMaxRetained = limits.DisconnectedMaxRetained;
                options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(limits.DisconnectedRetentionSeconds);
                options.MaxBufferedUnacknowledgedRenderBatches = limits.MaxBufferedRenderBatches;
            })
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = limits.MaxMessageKB * 1024L);
        services.AddSingleton<OpenCircuits>();
        services.AddScoped<CircuitAdmission>();
        services.AddScoped<CircuitHandler, PerUserCircuitLimit>();
        return services;
    }
}
