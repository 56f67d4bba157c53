using Microsoft.Extensions.Configuration;

namespace BatchInference.Cli.Composition;

/// <summary>Binds a configuration section onto options, turning a value that cannot be read into a usage error naming the section.</summary>
internal static class ConfigurationSections
{
    public static T Bind<T>(IConfiguration configuration, string section, T options)
    {
        try
        {
            configuration.GetSection(section).Bind(options);
            return options;
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException($"The {section} settings cannot be read: {ex.Message}", ex);
        }
    }
}
