namespace BatchInference.Api.Auth;

/// <summary>Team names name a folder in storage (<c>jobs/api/&lt;team&gt;/</c>), so they are checked like path parts.</summary>
internal static class TeamNames
{
    public static bool IsValid(string? team) =>
        team is { Length: > 0 and <= 63 } && !team.AsSpan().ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789-");

    public static void Require(string? team, string setting)
    {
        if (!IsValid(team))
        {
            throw new InvalidOperationException($"{setting} must be a team name of 1-63 lowercase letters, digits or '-'.");
        }
    }
}
