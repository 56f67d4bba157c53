namespace BatchInference.Cli.Reporting;

/// <summary>What <c>bi report --by</c> groups ledger lines by.</summary>
internal enum SpendDimension
{
    /// <summary>The charge date: the UTC date of <c>finished_at</c>.</summary>
    Day,

    /// <summary>The value of one job tag (<c>--tag-key</c>, "team" by default); lines without it form their own group.</summary>
    Tag,

    /// <summary>The model requested.</summary>
    Model,

    /// <summary>The execution tier (realtime, batch, flex, spot).</summary>
    Tier,

    /// <summary>The job id.</summary>
    Job,

    /// <summary>The provider that served the attempt.</summary>
    Provider,
}
