namespace BatchInference.Jobs.Settings;

/// <summary>Whether a job answers repeated requests from the exact result cache (setting <c>result_cache</c>).</summary>
public enum ResultCacheMode
{
    /// <summary><c>off</c> (the default): every line goes to a provider and nothing is stored.</summary>
    Off,

    /// <summary>
    /// <c>exact</c>: a line whose canonical request was answered before in the job's scope, within the TTL, is answered
    /// from the cache; only deterministic requests (<c>temperature</c> 0, a <c>seed</c>, or an embedding) are looked up
    /// and stored.
    /// </summary>
    Exact,

    /// <summary><c>exact_any</c>: as <see cref="Exact"/>, for every request, deterministic or not (the user's explicit opt-in).</summary>
    ExactAny,
}
