using BatchInference.Testing;

namespace BatchInference.Jobs.Tests.Messages;

/// <summary>The example messages under <c>Messages/Examples</c> and the schema file, read from the repository.</summary>
internal static class MessageExamples
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "BatchInference.Jobs.Tests", "Messages", "Examples");

    public static string SchemaPath => Path.Combine(RepoPaths.Root, "schemas", "job-message.schema.json");

    public static IEnumerable<string> Names(string kind) =>
        Directory.EnumerateFiles(Path.Combine(Folder, kind), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static byte[] Read(string kind, string name) => File.ReadAllBytes(Path.Combine(Folder, kind, name));

    public static byte[] Message(string settingsJson) =>
        System.Text.Encoding.UTF8.GetBytes($$"""{"schema_version": 1, "message_id": "m", "input": {"container": "jobs", "blob": "a"}, "settings": {{settingsJson}}}""");
}
