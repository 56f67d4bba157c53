using System.Text.RegularExpressions;

namespace BatchInference.Storage.Queues;

/// <summary>The Queue service's naming rule, checked before a request so a typo fails with a clear message.</summary>
internal static partial class QueueNames
{
    public static void Validate(string queueName)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        if (!ValidName().IsMatch(queueName))
        {
            throw new ArgumentException(
                $"Invalid queue name '{queueName}': a queue name is 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(queueName));
        }
    }

    // 3-63 chars of [a-z0-9-], alphanumeric at both ends, no "--".
    [GeneratedRegex("^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
