using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BatchInference.Emulator.Batches;
using BatchInference.Emulator.Hosting;

namespace BatchInference.Emulator.Anthropic.MessageBatches;

/// <summary>
/// The body of <c>POST /v1/messages/batches</c> (https://docs.claude.com/en/api/creating-message-batches):
/// <c>{"requests":[{"custom_id","params"}]}</c> with 1 to 100,000 requests
/// (<see cref="EmulatorOptions.AnthropicBatchMaxRequests"/>), each <c>custom_id</c> matching
/// <c>^[a-zA-Z0-9_-]{1,64}$</c> and unique. The <c>params</c> are checked only when the request runs ("validation of
/// the params object for each message request is performed asynchronously"): a bad one ends <c>errored</c>.
/// </summary>
internal static partial class MessageBatchRequestParser
{
    /// <exception cref="AnthropicRequestException">Anthropic would refuse the batch with 400.</exception>
    public static IReadOnlyList<BatchRequest> Parse(byte[] body, int maxRequests)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new AnthropicRequestException("There was an issue with the request body: it must be a JSON object.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("requests", out var requests))
            {
                throw new AnthropicRequestException("requests: Field required");
            }

            if (requests.ValueKind != JsonValueKind.Array)
            {
                throw new AnthropicRequestException("requests: Input should be a valid list");
            }

            var count = requests.GetArrayLength();
            if (count == 0 || count > maxRequests)
            {
                throw new AnthropicRequestException(string.Create(
                    CultureInfo.InvariantCulture, $"requests: List should have between 1 and {maxRequests} items, not {count}"));
            }

            var result = new List<BatchRequest>(count);
            var customIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in requests.EnumerateArray())
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"requests.{result.Count}");
                var customId = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("custom_id", out var id) && id.ValueKind == JsonValueKind.String
                    ? id.GetString()!
                    : throw new AnthropicRequestException($"{path}.custom_id: Field required");
                if (!CustomIdPattern().IsMatch(customId))
                {
                    throw new AnthropicRequestException($"{path}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{{1,64}}$'");
                }

                if (!customIds.Add(customId))
                {
                    throw new AnthropicRequestException($"{path}.custom_id: duplicate custom_id '{customId}'; each request in a batch needs a unique custom_id");
                }

                if (!item.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
                {
                    throw new AnthropicRequestException($"{path}.params: Field required");
                }

                result.Add(new BatchRequest(result.Count + 1, customId, EmulatorRoutes.AnthropicMessages, Encoding.UTF8.GetBytes(parameters.GetRawText())));
            }

            return result;
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex CustomIdPattern();
}
