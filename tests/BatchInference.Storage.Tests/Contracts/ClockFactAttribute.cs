using Xunit.Abstractions;
using Xunit.Sdk;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>
/// A contract fact that needs time to pass (a lease to lapse, a lock to expire). It runs against subjects whose clock
/// the test moves, and is reported skipped, with the reason, for a subject marked <see cref="ClockCannotMoveAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("BatchInference.Storage.Tests.Contracts.ClockFactDiscoverer", "BatchInference.Storage.Tests")]
public sealed class ClockFactAttribute : FactAttribute;

/// <summary>Marks a contract subject whose clock a test cannot move, and says why; its <see cref="ClockFactAttribute"/>
/// cases are skipped with that reason instead of sleeping for real.</summary>
/// <param name="reason">Why, and where the behaviour is covered instead.</param>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ClockCannotMoveAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}

/// <summary>Finds the concrete test class's <see cref="ClockCannotMoveAttribute"/> at discovery.</summary>
public sealed class ClockFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new ClockTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

/// <summary>A test case whose skip reason comes from the test class (the subject), not only from the method.</summary>
public sealed class ClockTestCase : XunitTestCase
{
    [Obsolete("For deserialization only.")]
    public ClockTestCase()
    {
    }

    public ClockTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(sink, display, options, testMethod)
    {
    }

    // Null means "run"; xunit's signature predates nullable annotations.
    protected override string? GetSkipReason(IAttributeInfo factAttribute) =>
        base.GetSkipReason(factAttribute)
        ?? TestMethod.TestClass.Class.GetCustomAttributes(typeof(ClockCannotMoveAttribute)).FirstOrDefault()?.GetConstructorArguments().FirstOrDefault() as string;
}
