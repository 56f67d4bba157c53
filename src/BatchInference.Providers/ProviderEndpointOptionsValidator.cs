using Microsoft.Extensions.Options;

namespace BatchInference.Providers;

/// <summary>Validates <see cref="ProviderEndpointOptions"/> when they are bound, so bad settings fail at start.</summary>
public sealed class ProviderEndpointOptionsValidator : IValidateOptions<ProviderEndpointOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ProviderEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
