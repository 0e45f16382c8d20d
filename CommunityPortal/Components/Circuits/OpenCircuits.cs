namespace CommunityPortal.Components.Circuits;

/// <summary>
/// The interactive circuits open on this server, counted per user (a singleton). A circuit counts from the moment it
/// opens until it closes, disconnected ones kept for reconnection included: that is the memory it holds.
/// </summary>
public sealed class OpenCircuits
{
    private readonly Dictionary<string, HashSet<object>> byUser = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="circuit"/> for <paramref name="userId"/> unless they already have <paramref name="limit"/> open (0: no limit).</summary>
    public bool TryOpen(string userId, object circuit, int limit)
    {
        lock (byUser)
        {
            if (!byUser.TryGetValue(userId, out var circuits))
            {
                circuits = [];
                byUser[userId] = circuits;
            }

            if (limit > 0 && circuits.Count >= limit && !circuits.Contains(circuit))
            {
                return false;
            }

            circuits.Add(circuit);
            return true;
        }
    }

    /// <summary>Forgets <paramref name="circuit"/>; a circuit that was refused, or closed already, changes nothing.</summary>
    public void Close(string userId, object circuit)
    {
        lock (byUser)
        {
            if (byUser.TryGetValue(userId, out var circuits) && circuits.Remove(circuit) && circuits.Count == 0)
            {
                byUser.Remove(userId);
            }
        }
    }

    public int CountFor(string userId)
    {
        lock (byUser)
        {
            return byUser.TryGetValue(userId, out var circuits) ? circuits.Count : 0;
        }
    }
}
