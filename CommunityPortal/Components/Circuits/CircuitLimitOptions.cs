namespace CommunityPortal.Components.Circuits;

/// <summary>
/// How much server memory interactive pages may hold (settings <c>Circuits:*</c>). Every open tab of a signed-in
/// person is a circuit: its components live on the server until the tab closes, and a few minutes more after its
/// connection drops (so a brief network loss does not lose the page).
/// </summary>
public sealed class CircuitLimitOptions
{
    public const string Section = "Circuits";

    /// <summary>Open circuits (tabs) per user; the next one is refused with a message. 0 turns the limit off.</summary>
    public int MaxPerUser { get; set; } = 20;

    /// <summary>Disconnected circuits kept for reconnection, across all users (the framework's default is 100).</summary>
    public int DisconnectedMaxRetained { get; set; } = 100;

    /// <summary>How long a disconnected circuit is kept for reconnection (the framework's default is 3 minutes).</summary>
    public int DisconnectedRetentionSeconds { get; set; } = 120;

    /// <summary>Render batches sent but not yet acknowledged by a slow browser before the server stops rendering for it.</summary>
    public int MaxBufferedRenderBatches { get; set; } = 10;

    /// <summary>The largest message a browser may send over the circuit, in KB (the framework's default is 32).</summary>
    public int MaxMessageKB { get; set; } = 32;
}
