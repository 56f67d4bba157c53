using BatchInference.Jobs.Intake;

namespace BatchInference.Jobs.Tests.Sharding;

/// <summary>Compares job lines field by field (a record's <see cref="ReadOnlyMemory{T}"/> body compares by reference).</summary>
internal static class JobLineAssert
{
    public static void Equivalent(JobLine expected, JobLine actual)
    {
        switch (expected)
        {
            case RequestLine request:
                var actualRequest = Assert.IsType<RequestLine>(actual);
                Assert.Equal(
                    (request.LineNumber, request.CustomId, request.Method, request.Url, request.Model),
                    (actualRequest.LineNumber, actualRequest.CustomId, actualRequest.Method, actualRequest.Url, actualRequest.Model));
                Assert.Equal(request.Body.ToArray(), actualRequest.Body.ToArray());
                break;
            case InvalidLine invalid:
                Assert.Equal(invalid, Assert.IsType<InvalidLine>(actual));
                break;
            default:
                Assert.Fail($"Unexpected line type {expected.GetType().Name}.");
                break;
        }
    }
}
