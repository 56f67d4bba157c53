using System.Text.Json.Nodes;

namespace BatchInference.Functions.Invocation;

/// <summary>
/// The custom handler response payload: <c>{"Outputs": {binding name: value}, "Logs": [...], "ReturnValue": …}</c>.
/// The host writes <c>Logs</c> to the invocation's log, so they carry ids and counts, never prompts or keys.
/// </summary>
internal sealed class InvocationResponse
{
    private readonly JsonObject _outputs = [];
    private readonly List<string> _logs = [];

    /// <summary>The <c>ReturnValue</c> (bound to a <c>$return</c> output, if the function has one).</summary>
    public JsonNode? ReturnValue { get; set; }

    public IReadOnlyList<string> Logs => _logs;

    public JsonObject Outputs => _outputs;

    public InvocationResponse Log(string line)
    {
        _logs.Add(line);
        return this;
    }

    public InvocationResponse Output(string bindingName, JsonNode? value)
    {
        _outputs[bindingName] = value;
        return this;
    }

    public string ToJson() =>
        new JsonObject
        {
            ["Outputs"] = _outputs.DeepClone(),
            ["Logs"] = new JsonArray([.. _logs.Select(l => (JsonNode?)JsonValue.Create(l))]),
            ["ReturnValue"] = ReturnValue?.DeepClone(),
        }.ToJsonString();
}
