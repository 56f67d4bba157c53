using BatchInference.Orchestrations.Engine;
using BatchInference.Workers;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// <c>FinishJob</c>: finishes the job (<see cref="JobFinisher"/>); a busy job lock sends the message again later. A
/// redelivery after the job is terminal changes nothing.
/// </summary>
internal sealed class FinishJobStep(EngineContext context)
{
    private readonly JobFinisher _finisher = new(context);

    public async Task<WorkOutcome> HandleAsync(Messages.FinishJob message, CancellationToken cancellationToken)
    {
        var (_, busy) = await _finisher.FinishAsync(message.JobId, cancellationToken).ConfigureAwait(false);
        return busy ? WorkOutcome.RunAgainAfter(context.Options.LeaseBusyRetry) : WorkOutcome.Done;
    }
}
