namespace BatchInference.Durable.Hosting;

/// <summary>The Azure Storage backend's task hub name rules: the name prefixes queue, table and container names, whose
/// own rules it must meet (letters and digits, a letter first, 3 to 45 characters so the suffixes still fit).</summary>
internal static class TaskHubNames
{
    public static void Validate(string? name, string setting)
    {
        if (string.IsNullOrEmpty(name) || name.Length is < 3 or > 45 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new InvalidOperationException(
                $"{setting} '{name}' is not a valid task hub name: use 3 to 45 letters and digits, starting with a letter (no dashes or underscores).");
        }
    }
}
