namespace BatchInference.Jobs.Messages;

/// <summary>One problem in a job message.</summary>
/// <param name="Field">The field as a path, e.g. <c>message_id</c>, <c>input.container</c>, <c>settings.budget_usd</c>;
/// <c>$</c> for the whole message.</param>
/// <param name="Message">What is wrong and what is accepted.</param>
public sealed record JobMessageError(string Field, string Message)
{
    /// <summary>A one-line description, e.g. <c>settings.budget_usd: must be greater than 0.</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Field}: {Message}";
}
