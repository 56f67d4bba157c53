namespace BatchInference.Storage.Local;

/// <summary>
/// The Node.js launcher Azurite runs under (<c>node -e Script azurite.js args…</c>: Node then sees <c>process.argv</c> as Azurite run directly would), in the same Node process so that
/// there is exactly one child to reap. It ties Azurite's life to its parent's without a native helper: the parent holds
/// the write end of the launcher's stdin, and the OS closes it however the parent ends (also <c>kill -9</c>), so the
/// launcher shuts Azurite down on end-of-input: through Azurite's own shutdown (which closes its servers and saves its
/// database), with a hard exit 10 s later should a connection hold a server open. Terminal signals are ignored: the
/// handlers Azurite registers for them are kept aside for that shutdown instead, because Ctrl+C reaches the parent's
/// whole process group, and the parent must stop its workers before its storage.
/// umask 077 keeps Azurite's files (copies of prompts and responses) readable by this user only.
/// </summary>
internal static class AzuriteLifeline
{
    public const string Script = """
        process.umask(0o077);
        const signals = new Set(['SIGINT', 'SIGTERM', 'SIGHUP']);
        const shutdowns = [];
        for (const signal of signals) process.on(signal, () => {});
        for (const method of ['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']) {
          const original = process[method].bind(process);
          process[method] = (event, listener) => {
            if (!signals.has(event)) return original(event, listener);
            shutdowns.push(listener);
            return process;
          };
        }
        let exiting = false;
        const exit = () => {
          if (exiting) return;
          exiting = true;
          setTimeout(() => process.exit(0), 10000).unref();
          if (shutdowns.length === 0) process.exit(0);
          shutdowns[0]();
        };
        process.stdin.on('end', exit);
        process.stdin.on('close', exit);
        process.stdin.on('error', exit);
        process.stdin.resume();
        require(process.argv[1]);
        """;
}
